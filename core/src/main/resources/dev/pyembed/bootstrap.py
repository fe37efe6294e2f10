# pyembed's start-up code: run once on the lifecycle thread, right after the interpreter is initialized,
# in a private namespace. Java passes in `_emit` (a builtin that hands one line to the Java output sink) and
# `_settings` (a dict), and keeps references to the helpers defined here.
import io
import sys
import threading
import traceback


class JavaLineWriter(io.TextIOBase):
    """sys.stdout / sys.stderr replacement: complete lines go to Java at once (Python's own streams are
    block-buffered when they are not a terminal, so output would show up late or never)."""

    def __init__(self, stream_id, name):
        self._stream_id = stream_id
        self._name = name
        self._pending = ''

    @property
    def name(self):
        return self._name

    @property
    def encoding(self):
        return 'utf-8'

    @property
    def errors(self):
        return 'strict'

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError('write() argument must be str, not ' + type(s).__name__)
        data = self._pending + s
        *lines, self._pending = data.split('\n')
        for line in lines:
            _emit(self._stream_id, line)
        return len(s)

    def flush(self):
        if self._pending:
            pending, self._pending = self._pending, ''
            _emit(self._stream_id, pending)


sys.stdout = JavaLineWriter(0, '<stdout>')
sys.stderr = JavaLineWriter(1, '<stderr>')

if _settings.get('executable'):
    sys.executable = _settings['executable']
    sys._base_executable = _settings['executable']

if _settings.get('site_dirs'):
    import site
    for _dir in _settings['site_dirs']:
        site.addsitedir(_dir)

for _entry in reversed(_settings.get('python_path', [])):
    if _entry not in sys.path:
        sys.path.insert(0, _entry)


def _type_name(t):
    module = getattr(t, '__module__', 'builtins')
    return t.__qualname__ if module in ('builtins', '__main__') else module + '.' + t.__qualname__


def describe_exception(e):
    """[(type name, message, formatted traceback, exit code or None, Java exception id or None), ...] for e and
    its causes."""
    chain = []
    seen = set()
    while e is not None and id(e) not in seen and len(chain) < 16:
        seen.add(id(e))
        try:
            message = str(e)
            if isinstance(e, SyntaxError) and e.lineno is not None:
                message = f'{e.msg} ({e.filename}, line {e.lineno}, column {e.offset})'
        except BaseException:
            message = '<str() of the exception raised>'
        try:
            text = ''.join(traceback.format_exception(type(e), e, e.__traceback__, chain=False))
        except BaseException:
            text = ''
        code = None
        if isinstance(e, SystemExit):
            code = 0 if e.code is None else (e.code if isinstance(e.code, int) else 1)
        elif isinstance(e, KeyboardInterrupt):
            code = 130
        chain.append((_type_name(type(e)), message, text, code, getattr(e, '_java_id', None)))
        e = e.__cause__ if e.__cause__ is not None else (None if e.__suppress_context__ else e.__context__)
    return chain


def join_non_daemon_threads(timeout):
    """Python's own shutdown waits for ever for non-daemon threads; pyembed waits `timeout` seconds and returns
    a description of those still running, with their stacks."""
    import time
    deadline = time.monotonic() + timeout
    main = threading.main_thread()
    for t in threading.enumerate():
        if t is not main and not t.daemon:
            t.join(max(0.0, deadline - time.monotonic()))
    return describe_threads(only_alive_non_daemon=True)


def describe_threads(only_alive_non_daemon=False):
    """(name or None, daemon, formatted stack, ident) of every `threading` thread and of every other thread that
    runs Python code now (Java threads in a GIL scope: Java knows their names)."""
    frames = sys._current_frames()
    out = []
    known = set()
    for t in threading.enumerate():
        known.add(t.ident)
        if only_alive_non_daemon and (t.daemon or t is threading.main_thread() or not t.is_alive()):
            continue
        frame = frames.get(t.ident)
        stack = ''.join(traceback.format_stack(frame)) if frame is not None else ''
        name = None if isinstance(t, threading._DummyThread) else t.name
        out.append((name, t.daemon, stack, t.ident))
    if not only_alive_non_daemon:
        for ident, frame in frames.items():
            if ident not in known:
                out.append((None, True, ''.join(traceback.format_stack(frame)), ident))
    return out


def flush_streams():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


def run_atexit():
    import atexit
    atexit._run_exitfuncs()


# ---- the `pyembed` module: Java from Python ----
import types

pyembed = types.ModuleType('pyembed', """Call Java from Python.

Functions the application registered (engine.register("name", fn)) are attributes of this module:
pyembed.name(args). Objects it registered (engine.registerObject("name", obj)) are reached with
pyembed.java("name"), whose attributes call the Java object's public methods. A Java exception arrives as
pyembed.JavaError.""")


class JavaError(Exception):
    """A Java exception thrown by a Java callback. str() holds the Java class, the message and the Java stack;
    java_class, java_message and java_stack hold them apart."""

    def __init__(self, message, java_class, java_stack, java_id=None):
        super().__init__(message)
        self.java_class = java_class
        self.java_message = message
        self.java_stack = java_stack
        self._java_id = java_id

    def __str__(self):
        return self.java_stack.rstrip() if self.java_stack else f'{self.java_class}: {self.java_message}'


JavaError.__module__ = 'pyembed'


class JavaObject:
    """A Java object the application registered: its public methods are callable attributes."""

    __slots__ = ('_name', '_id')

    def __init__(self, name, object_id):
        self._name = name
        self._id = object_id

    def __getattr__(self, method):
        if method.startswith('__'):
            raise AttributeError(method)
        object_id = self._id

        def call(*args):
            return _invoke_method(object_id, method, *args)

        call.__name__ = method
        call.__qualname__ = f'{self._name}.{method}'
        return call

    def __repr__(self):
        return f'<Java object {self._name!r}>'


JavaObject.__module__ = 'pyembed'


class Interrupted(BaseException):
    """Raised in Python code whose Java thread was interrupted (Thread.interrupt(), Future.cancel(true)).
    A BaseException like KeyboardInterrupt: `except Exception:` does not swallow it; finally and with run."""


class DeadlineExceeded(Interrupted):
    """Raised in Python code whose call ran past its deadline (pyembed.gil.call-deadline, per call)."""


Interrupted.__module__ = 'pyembed'
DeadlineExceeded.__module__ = 'pyembed'
_java_objects = {}


def java(name):
    """The Java object registered under `name`."""
    try:
        return _java_objects[name]
    except KeyError:
        raise LookupError(f'no Java object is registered as {name!r}; '
                          f'known: {sorted(_java_objects)}') from None


pyembed.JavaError = JavaError
pyembed.JavaObject = JavaObject
pyembed.Interrupted = Interrupted
pyembed.DeadlineExceeded = DeadlineExceeded
pyembed.java = java
sys.modules['pyembed'] = pyembed


def register_function(name, function):
    setattr(pyembed, name, function)


def register_object(name, object_id):
    _java_objects[name] = JavaObject(name, object_id)


def make_java_error(message, java_class, java_stack, java_id):
    return JavaError(message, java_class, java_stack, java_id)


# ---- bulk arrays: numbers cross as one block of bytes, not one call per element ----
import array as _array

_BUFFER_FORMATS = {'d': ('d',), 'q': ('q', 'l')}


def to_array_bytes(obj, typecode):
    """The numbers of obj (array.array, a numpy array, a list, any iterable) as native-order bytes of `typecode`."""
    try:
        view = memoryview(obj)
    except TypeError:
        view = None
    if view is not None and view.itemsize == 8 and view.format in _BUFFER_FORMATS[typecode] and view.c_contiguous:
        return view.tobytes()
    return _array.array(typecode, obj).tobytes()


def array_from_bytes(typecode, data, as_list):
    result = _array.array(typecode)
    result.frombytes(data)
    return result.tolist() if as_list else result


def type_name(obj):
    return _type_name(type(obj))


def int_layout():
    return sys.int_info.bits_per_digit, sys.int_info.sizeof_digit


def stats():
    import gc
    return (threading.active_count(), [generation['collections'] for generation in gc.get_stats()],
            sys.getallocatedblocks())


def install_logging(log, root_level):
    """A handler on Python's root logger that hands every record to Java."""
    import logging

    class JavaLoggingHandler(logging.Handler):
        def emit(self, record):
            try:
                exception = None
                if record.exc_info:
                    exception = logging.Formatter().formatException(record.exc_info)
                log(record.name, record.levelno, record.getMessage(), exception)
            except Exception:
                self.handleError(record)

    root = logging.getLogger()
    root.addHandler(JavaLoggingHandler())
    root.setLevel(root_level)
