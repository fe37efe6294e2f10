"""Work for multiprocessing workers (MultiprocessingTest): on sys.path, since a spawned worker imports it by name."""
import os
import sys


def redirect_output(path):
    # A worker's own stdout is the JVM's file descriptor 1: in a test, send it to a file instead.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)


def square(x):
    print(f'worker {os.getpid()} squares {x}', flush=True)
    return x * x


def fail(x):
    print(f'worker {os.getpid()} fails on {x}', flush=True)
    raise ValueError(f'no good: {x}')


def program():
    return os.readlink('/proc/self/exe'), sys.executable
