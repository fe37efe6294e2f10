package dev.pyembed.internal.engine;

import dev.pyembed.EngineState;
import dev.pyembed.JavaFunction;
import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.gil.GilHeld;
import dev.pyembed.internal.gil.GilScopes;
import dev.pyembed.internal.gil.ThreadContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Java called from Python: the {@code pyembed} module's registered functions and objects, Java lambdas handed to
 * Python, and the crossing of exceptions both ways. A callback that releases the GIL gives it back while the Java
 * code runs (pythonnet's BeginAllowThreads in {@code LongRunningComputation}) and takes it back before returning to
 * Python, also when the Java code throws.
 */
public final class Callbacks {

    private static final ApiAccess ACCESS = ApiAccess.get();

    private static final int MAX_REMEMBERED_THROWABLES = 256;

    private final PythonEngine engine;
    private final EngineParts parts;
    private final JavaMethodInvoker invoker = new JavaMethodInvoker();
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    private final Map<Long, Registration> objects = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Java exceptions raised into Python, by id, so that one that comes back to Java is its cause again. */
    private final Map<Long, Throwable> thrown = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Throwable> eldest) {
            return size() > MAX_REMEMBERED_THROWABLES;
        }
    };
    private Bootstrap bootstrap;
    /** {@code PyExc_RecursionError}, read at start: the overflow path makes no lookups. */
    private long recursionError;

    public Callbacks(PythonEngine engine) {
        this.engine = engine;
        this.parts = ACCESS.parts(engine);
    }

    private record Registration(String name, Object target, boolean releasesGil, long id) {
    }

    // ---- registration ----

    public void registerFunction(String name, JavaFunction function, boolean releasesGil) {
        Registration registration = new Registration(name, function, releasesGil, ids.incrementAndGet());
        forgetReplaced(registrations.put(name, registration));
        installIfRunning(registration);
    }

    public void registerObject(String name, Object target, boolean releasesGil) {
        Registration registration = new Registration(name, target, releasesGil, ids.incrementAndGet());
        forgetReplaced(registrations.put(name, registration));
        objects.put(registration.id, registration);
        installIfRunning(registration);
    }

    /** A registration replaced under the same name no longer keeps its target reachable. */
    private void forgetReplaced(Registration replaced) {
        if (replaced != null) {
            objects.remove(replaced.id);
        }
    }

    /** Removes the function or object registered as {@code name}, also from Python; false when none was. */
    public boolean unregister(String name) {
        Registration registration = registrations.remove(name);
        if (registration == null) {
            return false;
        }
        objects.remove(registration.id);
        if (bootstrap != null && engine.state() == EngineState.RUNNING) {
            engine.runWithGil(gil -> bootstrap.call(ACCESS.held(gil), "unregister", name));
        }
        return true;
    }

    /** At start, on the lifecycle thread: the module helpers exist; install what was registered before. */
    public void start(GilHeld gil, Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
        this.recursionError = gil.api().readPointer(gil.api().symbolAddress("PyExc_RecursionError"));
        // Formatting a Java stack initializes JDK classes once (StackTraceElement's HashedModules...). Done first on a
        // nearly exhausted stack, the initializer would overflow and leave the class broken for the JVM's lifetime.
        javaStack(new Throwable());
        long invokeMethod = NativeFunctions.create(gil, (held, args) -> invokeMethod(held, args));
        bootstrap.setGlobal(gil, "_invoke_method", parts.conversions().checked(gil, invokeMethod));
        for (Registration registration : registrations.values()) {
            install(gil, registration);
        }
    }

    private void installIfRunning(Registration registration) {
        if (bootstrap != null && engine.state() == EngineState.RUNNING) {
            engine.runWithGil(gil -> install(ACCESS.held(gil), registration));
        }
    }

    private void install(GilHeld gil, Registration registration) {
        if (registration.target instanceof JavaFunction function && !objects.containsKey(registration.id)) {
            long callable = functionObject(gil, function, registration.releasesGil);
            try {
                bootstrap.call(gil, "register_function", registration.name, new Borrowed(callable));
            } finally {
                gil.api().Py_DecRef(callable);
            }
        } else {
            bootstrap.call(gil, "register_object", registration.name, registration.id);
        }
    }

    /** A Python callable (new ref) that runs {@code function}. */
    public long functionObject(GilHeld gil, JavaFunction function, boolean releasesGil) {
        return parts.conversions().checked(gil, NativeFunctions.create(gil,
                (held, args) -> run(held, args, 0, releasesGil, javaArgs -> function.call(javaArgs.toArray()))));
    }

    // ---- calls from Python ----

    private long invokeMethod(GilHeld gil, long args) {
        Conversions conversions = parts.conversions();
        long id = (Long) conversions.toJava(gil, gil.api().PyTuple_GetItem(args, 0));
        String method = conversions.toJavaString(gil, gil.api().PyTuple_GetItem(args, 1));
        Registration registration = objects.get(id);
        if (registration == null) {
            return raise(gil, new IllegalStateException("the Java object " + id + " is no longer registered"));
        }
        return run(gil, args, 2, registration.releasesGil,
                javaArgs -> invoker.invoke(registration.target, method, javaArgs));
    }

    private interface JavaCall {
        Object apply(List<Object> args) throws Exception;
    }

    /**
     * Converts the arguments (from {@code skip} on), runs the call (the GIL released if asked), converts back. A nested
     * callback with too little stack left raises {@code RecursionError} instead of running ({@link StackHeadroom}).
     */
    private long run(GilHeld gil, long args, int skip, boolean releasesGil, JavaCall call) {
        GilScopes scopes = parts.scopes();
        ThreadContext context = scopes.enterCallback();
        int nested = context.enterCallbackBody();
        try {
            if (nested >= StackHeadroom.CHECKED_FROM && !StackHeadroom.hasRoom()) {
                return raiseNoStackLeft(gil, nested);
            }
            CApi api = gil.api();
            long size = api.PyTuple_Size(args);
            List<Object> javaArgs = new ArrayList<>((int) Math.max(0, size - skip));
            for (long i = skip; i < size; i++) {
                javaArgs.add(parts.conversions().toJava(gil, api.PyTuple_GetItem(args, i)));
            }
            Object result = releasesGil ? callReleasingGil(scopes, context, call, javaArgs) : call.apply(javaArgs);
            return parts.conversions().toPython(gil, result);
        } catch (StackOverflowError e) {
            // Unwound to here, the stack usually has room again (the Java code recursed by itself): then it crosses
            // like any Java exception. Only without that room does it take the path that needs none.
            return StackHeadroom.hasRoom() ? raise(gil, e) : raiseStackOverflow(gil);
        } catch (Throwable e) {
            return raise(gil, e);
        } finally {
            context.exitCallbackBody();
            scopes.exitCallback(context);
        }
    }

    private long raiseNoStackLeft(GilHeld gil, int nested) {
        String message = "Java stack nearly exhausted: " + nested + " Python -> Java calls nested on thread '"
                + Thread.currentThread().getName() + "' and less than " + StackHeadroom.MARGIN_BYTES / 1024
                + " KiB left for another; recurse less, or run the work on a thread with a bigger stack";
        gil.api().PyErr_SetString(recursionError, dev.pyembed.internal.capi.Utf8.cString(message));
        return 0;
    }

    private static final byte[] STACK_OVERFLOW = dev.pyembed.internal.capi.Utf8.cString(
            "a Java callback ran out of stack (java.lang.StackOverflowError); recurse less, or run the work on a thread"
                    + " with a bigger stack");

    /**
     * The stack is (nearly) exhausted: no formatting, no Python call, no class that is not loaded yet. One native call;
     * if even that overflows, NULL without an error (Python raises SystemError) rather than anything escaping.
     */
    private long raiseStackOverflow(GilHeld gil) {
        try {
            gil.api().PyErr_SetString(recursionError, STACK_OVERFLOW);
        } catch (Throwable stillNoStack) {
            // nothing more can be done here: the caller returns NULL
        }
        return 0;
    }

    private static Object callReleasingGil(GilScopes scopes, ThreadContext context, JavaCall call, List<Object> args)
            throws Exception {
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        scopes.allowThreadsIn(context, () -> {
            try {
                result[0] = call.apply(args);
            } catch (Exception e) {
                failure[0] = e;
            }
            return null;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    // ---- exceptions across the boundary ----

    /** Sets the Python error for {@code error} and returns 0 (NULL), as a C function that failed does. */
    public long raise(GilHeld gil, Throwable error) {
        CApi api = gil.api();
        try {
            if (error instanceof PythonException python && python.pythonValue() != null && ACCESS.isAlive(python.pythonValue())) {
                PyObject pythonValue = python.pythonValue();
                long value = ACCESS.handle(pythonValue, gil);
                api.PyErr_SetObject(parts.conversions().typeOf(gil, value), value); // the original Python exception again
                ACCESS.fence(pythonValue);
                return 0;
            }
            long id = remember(error);
            Object exception = bootstrap.call(gil, "make_java_error", String.valueOf(error.getMessage()),
                    error.getClass().getName(), javaStack(error), id);
            try (PyObject value = (PyObject) exception) {
                long handle = ACCESS.handle(value, gil);
                api.PyErr_SetObject(parts.conversions().typeOf(gil, handle), handle);
            }
        } catch (StackOverflowError failed) {
            return raiseStackOverflow(gil);
        } catch (Throwable failed) {
            long runtimeError = api.readPointer(api.symbolAddress("PyExc_RuntimeError"));
            api.PyErr_SetString(runtimeError, dev.pyembed.internal.capi.Utf8.cString(
                    error.getClass().getName() + ": " + error.getMessage()));
        }
        return 0;
    }

    private long remember(Throwable error) {
        long id = ids.incrementAndGet();
        synchronized (thrown) {
            thrown.put(id, error);
        }
        return id;
    }

    /** The Java exception raised into Python as {@code id}, if it is still remembered. */
    public Throwable takeThrown(long id) {
        synchronized (thrown) {
            return thrown.remove(id);
        }
    }

    private static String javaStack(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        String stack = text.toString();
        return stack.length() > 20_000 ? stack.substring(0, 20_000) + "\n\t..." : stack;
    }

    /** A borrowed Python reference passed through {@link Conversions#toPython} as is. */
    public record Borrowed(long handle) {
    }
}
