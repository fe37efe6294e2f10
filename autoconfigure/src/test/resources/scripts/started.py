import sys

started_by_script = 'yes'
startup_modules_seen = sorted(m for m in ('json', 'greeting') if m in sys.modules)
