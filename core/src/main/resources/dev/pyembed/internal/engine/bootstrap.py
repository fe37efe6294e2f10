# pyembed's start-up code: run once on the lifecycle thread, right after the interpreter is initialized,
# in a private namespace. Java passes in `_emit` (a builtin that hands one line to the Java output sink) and
# `_settings` (a dict), and keeps references to the helpers defined here.
import io
import sys
import threading


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


if not hasattr(threading, '_DeleteDummyThreadOnDel'):
    # Before 3.13 a _DummyThread (what threading.current_thread() makes for a Java thread) stays in
    # threading._active for ever. As 3.13+ does: a thread-local sentinel per dummy, released when pyembed frees the
    # dead Java thread's thread state (PyThreadState_Clear drops its thread-locals), removes the entry.
    import _thread

    _dummy_thread_sentinels = _thread._local()

    class _ForgetDummyThreadOnDel:
        __slots__ = ('_dummy_thread', '_ident')

        def __init__(self, dummy_thread):
            self._dummy_thread = dummy_thread
            self._ident = dummy_thread.ident
            _dummy_thread_sentinels.sentinel = self  # the only reference: it goes with the thread state

        def __del__(self, _lock=threading._active_limbo_lock, _active=threading._active):
            with _lock:
                if _active.get(self._ident) is self._dummy_thread:
                    _active.pop(self._ident, None)

    _dummy_thread_init = threading._DummyThread.__init__

    def _dummy_thread_init_forgotten_on_del(self, *args, **kwargs):
        _dummy_thread_init(self, *args, **kwargs)
        _ForgetDummyThreadOnDel(self)

    threading._DummyThread.__init__ = _dummy_thread_init_forgotten_on_del


def _interrupt_main_unavailable(signum=None):
    """pyembed: refused, see the message."""
    raise RuntimeError('_thread.interrupt_main() is not available in pyembed: Python\'s main thread is '
                       'pyembed-lifecycle, which runs no Python code while the engine runs, and the JVM owns SIGINT. '
                       'To stop work on another thread, set a threading.Event that the work checks')


import _thread as _thread_module
_thread_module.interrupt_main = _interrupt_main_unavailable

# CPython 3.10's PyErr_SetInterrupt() (C code marking SIGINT pending) reads a table of handlers that only the _signal
# module fills, and dereferences NULL when it is empty: after a restart in the same process, until someone imports
# signal. Importing _signal fills it; it takes over no signal here (the JVM's own handlers are not SIG_DFL).
import _signal  # noqa: F401


# ---- multiprocessing: never fork the JVM ----
_FORK_REFUSED = ("multiprocessing's 'fork' start method is refused in pyembed: it would copy the whole JVM into the "
                 "child process, where the JVM's threads do not exist (the copy hangs and outlives the JVM). Use "
                 "'spawn' (pyembed's default where Python's was 'fork') or 'forkserver': "
                 "multiprocessing.get_context('spawn')")


def _configure_multiprocessing(context):
    """Where Python's default start method is 'fork' (3.10-3.13 on Linux), it becomes 'spawn'; starting a process
    with 'fork' raises. Workers run sys.executable, the runtime's own interpreter."""
    default = context._default_context
    if default._default_context._name == 'fork':
        default._default_context = context._concrete_contexts['spawn']

    def _fork_refused(process_obj):
        raise ValueError(_FORK_REFUSED)

    if hasattr(context, 'ForkProcess'):
        context.ForkProcess._Popen = staticmethod(_fork_refused)


class _MultiprocessingImportHook:
    """Configures multiprocessing when it is first imported (importing it at start would cost ~40 ms)."""

    def __init__(self):
        self.done = False

    def find_spec(self, name, path=None, target=None):
        if name != 'multiprocessing.context' or self.done:
            return None
        self.done = True
        import importlib.machinery
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, 'exec_module'):
            return spec
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            _configure_multiprocessing(module)

        spec.loader.exec_module = exec_module
        return spec


if 'multiprocessing.context' in sys.modules:
    _configure_multiprocessing(sys.modules['multiprocessing.context'])
else:
    sys.meta_path.insert(0, _MultiprocessingImportHook())


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
            import traceback  # here, not at start: on 3.14 it adds ~20 ms to a start (_colorize, inspect)
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
            started = getattr(t, '_started', None)
            if t.ident is None and started is not None:
                # Still starting (in threading._limbo): join() refuses a thread that has not started yet.
                started.wait(max(0.0, deadline - time.monotonic()))
            if t.ident is not None:
                t.join(max(0.0, deadline - time.monotonic()))
    return describe_threads(only_alive_non_daemon=True)


def _format_stack(frame):
    """traceback.format_stack(frame) without importing traceback and without file I/O: a snapshot is taken while
    other threads may contend for the GIL, and every import or source read gives the GIL up and waits a switch
    interval to get it back (importing traceback so took 120-150 ms against one busy thread, on an idle machine).
    A frame's source line is shown when linecache already holds it."""
    linecache = sys.modules.get('linecache')
    cached = getattr(linecache, 'cache', None) or {}
    entries = []
    while frame is not None and len(entries) < 200:
        code = frame.f_code
        lineno = frame.f_lineno
        entry = '  File "%s", line %s, in %s\n' % (code.co_filename, lineno, code.co_name)
        source = cached.get(code.co_filename)
        if isinstance(source, tuple) and len(source) > 2 and isinstance(lineno, int) and 0 < lineno <= len(source[2]):
            text = source[2][lineno - 1].strip()
            if text:
                entry += '    ' + text + '\n'
        entries.append(entry)
        frame = frame.f_back
    entries.reverse()
    return ''.join(entries)


def describe_threads(only_alive_non_daemon=False):
    """(name or None, daemon, formatted stack, ident) of every `threading` thread and of every other thread that
    runs Python code now (Java threads in a GIL scope: Java knows their names). A thread that is starting (in
    threading._limbo) has no ident yet: 0, and no stack."""
    frames = sys._current_frames()
    out = []
    known = set()
    for t in threading.enumerate():
        ident = t.ident
        if ident is None:
            # Starting: it runs no Python code of its own yet; at shutdown one that is not a daemon counts as running.
            if not only_alive_non_daemon or not t.daemon:
                out.append((t.name, t.daemon, '', 0))
            continue
        known.add(ident)
        if only_alive_non_daemon and (t.daemon or t is threading.main_thread() or not t.is_alive()):
            continue
        frame = frames.get(ident)
        stack = _format_stack(frame) if frame is not None else ''
        name = None if isinstance(t, threading._DummyThread) else t.name
        out.append((name, t.daemon, stack, ident))
    if not only_alive_non_daemon:
        for ident, frame in frames.items():
            if ident not in known:
                out.append((None, True, _format_stack(frame), ident))
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


def unregister(name):
    _java_objects.pop(name, None)
    if name in pyembed.__dict__ and name not in ('java', 'JavaError', 'JavaObject'):
        delattr(pyembed, name)


def make_java_error(message, java_class, java_stack, java_id):
    return JavaError(message, java_class, java_stack, java_id)


# ---- bulk arrays: numbers cross as one block of bytes, not one call per element ----
import array as _array
import struct as _struct

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


def memory_view(address, typecode, shape, readonly, owner):
    """A memoryview of the Java memory at `address` (no copy), in native format `typecode` and C-order `shape`.

    A ctypes array over the bytes is the exporter: every view and numpy array made from the result keeps it, and
    with it `owner` (which keeps the Java buffer), alive. Casting through 'B' gives the native format ('d', not
    ctypes' '<d'), which memoryview's own item access needs.
    """
    import ctypes
    size = 1
    for n in shape:
        size *= n
    nbytes = size * _struct.calcsize(typecode)
    exporter = (ctypes.c_ubyte * nbytes).from_address(address)
    exporter._pyembed_owner = owner
    view = memoryview(exporter).cast('B')
    if size and (typecode != 'B' or len(shape) != 1):
        view = view.cast(typecode, shape)
    return view.toreadonly() if readonly else view


def new_ndarray(typecode, count):
    try:
        import numpy
    except ImportError as e:
        raise ImportError(f"gil.ndarray(...) makes a numpy array, and numpy is not importable here ({e}); add the "
                          "dev.pyembed:pyembed-numpy dependency (embedded runtime) or install numpy") from e
    return numpy.empty(count, dtype=typecode)


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


# ---- asyncio: one event loop per engine, on its own Python thread, started on first use ----

class AsyncLoop:
    """Runs coroutines that Java submits; reports each outcome to Java through `done(call_id, outcome, value)`
    (outcome 0: result, 1: exception, 2: cancelled) and the loop's end through `ended()`."""

    HEARTBEAT_SECONDS = 0.1

    def __init__(self, done, ended, heartbeat):
        import asyncio
        self._asyncio = asyncio
        self._done = done
        self._ended = ended
        self._heartbeat = heartbeat
        self._futures = {}
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), name='pyembed-asyncio', daemon=True)
        self.thread.start()
        ready.wait()

    def _run(self, ready):
        asyncio = self._asyncio
        asyncio.set_event_loop(self.loop)
        self.loop.call_soon(ready.set)
        self.loop.call_soon(self._beat)
        try:
            self.loop.run_forever()
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            if pending:
                self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        finally:
            self.loop.close()
            self._ended()

    def _beat(self):
        """Tells Java the loop runs: a loop that a blocking call stalls misses its beats (engine.asyncLoopStall())."""
        self._heartbeat()
        self.loop.call_later(self.HEARTBEAT_SECONDS, self._beat)

    def submit(self, call_id, awaitable):
        future = self._asyncio.run_coroutine_threadsafe(_awaited(awaitable), self.loop)
        self._futures[call_id] = future
        future.add_done_callback(lambda f: self._report(call_id, f))

    def _report(self, call_id, future):
        self._futures.pop(call_id, None)
        if future.cancelled():
            self._done(call_id, 2, None)
            return
        error = future.exception()
        if error is not None:
            self._done(call_id, 2 if isinstance(error, self._asyncio.CancelledError) else 1, error)
        else:
            self._done(call_id, 0, future.result())

    def cancel(self, call_id):
        future = self._futures.get(call_id)
        if future is not None:
            future.cancel()  # cancels the task in the loop: the coroutine gets CancelledError, its finally blocks run

    def pending(self):
        return len(self._futures)

    def stop(self, timeout):
        """Cancels what runs, lets it finish its finally blocks, closes the loop; True when the thread ended."""
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout)
        return not self.thread.is_alive()


async def _awaited(awaitable):
    return await awaitable


def is_awaitable(obj):
    import inspect
    return inspect.isawaitable(obj)
