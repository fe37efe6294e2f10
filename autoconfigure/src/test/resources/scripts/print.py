import sys

print('hello from python')
print('trouble ahead', file=sys.stderr)
