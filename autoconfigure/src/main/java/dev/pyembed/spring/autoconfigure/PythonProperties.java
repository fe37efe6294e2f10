package dev.pyembed.spring.autoconfigure;

import dev.pyembed.NativeBackend;
import dev.pyembed.RuntimeSelection;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pyembed.*} properties: which CPython runs, what it loads at start, and how it shuts down.
 */
@ConfigurationProperties("pyembed")
public class PythonProperties {

    /**
     * Whether to auto-configure the Python engine. With false, no engine, lifecycle or @WithGil aspect is created.
     */
    private boolean enabled = true;

    /**
     * Which CPython to load: 'embedded' (CPython 3.14 shipped with the starter), 'system' (python3 on PATH,
     * built with --enable-shared), 'path' (the configured library or venv) or 'auto' (a configured library or
     * venv, then a shared-library python3 on PATH, then the embedded runtime). Not set: 'embedded' when the
     * embedded runtime is on the class path (the starter brings it, so that development and production run the
     * same Python), else 'auto'; a configured library or venv always means 'path'.
     */
    private RuntimeSelection runtime;

    /**
     * The libpython shared library to load, e.g. /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0. Implies
     * runtime 'path'.
     */
    private Path library;

    /**
     * The Python home (sys.prefix, the folder holding lib/pythonX.Y) of the configured library. Derived from the
     * library's location when not set.
     */
    private Path home;

    /**
     * A virtualenv folder (holding pyvenv.cfg): its base interpreter's libpython is loaded and its site-packages
     * join sys.path.
     */
    private Path venv;

    /**
     * Where the embedded runtime is extracted (once per version). Defaults to ~/.cache/pyembed.
     */
    private Path cacheDirectory;

    /**
     * Folders put in front of sys.path, in this order. A 'classpath:' folder (e.g. 'classpath:python/') is copied
     * to a temporary folder first, also when it sits inside an executable jar; other entries are file system
     * paths.
     */
    private List<String> pythonPath = new ArrayList<>();

    /**
     * Python modules imported when the engine starts, in this order, so that a missing dependency fails the
     * start-up instead of the first request. A module that cannot be imported stops the application.
     */
    private List<String> modules = new ArrayList<>();

    /**
     * Python scripts run in the __main__ namespace when the engine starts, after the modules, in this order.
     * Spring resource locations, e.g. 'classpath:init.py' or 'file:/etc/app/init.py'. A script that raises stops
     * the application.
     */
    private List<String> scripts = new ArrayList<>();

    /**
     * How long shutdown may take: its waits for GIL scopes in flight and then for non-daemon Python threads share it,
     * and closing returns within it + 1 s. Python is left initialized (not finalized) when they do not finish in
     * time, so that the application can still exit.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /**
     * How Java calls into libpython: 'auto' (the FFM API on Java 22+ when native access is allowed, else JNA),
     * 'ffm' or 'jna'. Chosen once per JVM, by the first engine.
     */
    private NativeBackend nativeBackend = NativeBackend.AUTO;

    /**
     * Whether PYTHONHOME, PYTHONPATH and the other PYTHON* environment variables apply to the interpreter. Off by
     * default: a PYTHONHOME meant for another Python breaks start-up.
     */
    private boolean useEnvironment;

    /**
     * Whether to start the engine on first use (the first @WithGil call, or PythonEngineLifecycle.ensureStarted())
     * instead of when the application context starts.
     */
    private boolean lazyStart;

    // Checks of values that bind but make no sense: a bind failure naming the property and its origin.
    private static Duration notNegative(String property, Duration value) {
        if (value != null && value.isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative, was " + value);
        }
        return value;
    }

    private static Duration positive(String property, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(property + " must be positive (or not set, for off), was " + value);
        }
        return value;
    }

    private final Gil gil = new Gil();

    private final Output output = new Output();

    private final Logging logging = new Logging();

    private final Interpreters interpreters = new Interpreters();

    private final Packages packages = new Packages();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public RuntimeSelection getRuntime() {
        return runtime;
    }

    public void setRuntime(RuntimeSelection runtime) {
        this.runtime = runtime;
    }

    public Path getLibrary() {
        return library;
    }

    public void setLibrary(Path library) {
        this.library = library;
    }

    public Path getHome() {
        return home;
    }

    public void setHome(Path home) {
        this.home = home;
    }

    public Path getVenv() {
        return venv;
    }

    public void setVenv(Path venv) {
        this.venv = venv;
    }

    public Path getCacheDirectory() {
        return cacheDirectory;
    }

    public void setCacheDirectory(Path cacheDirectory) {
        this.cacheDirectory = cacheDirectory;
    }

    public List<String> getPythonPath() {
        return pythonPath;
    }

    public void setPythonPath(List<String> pythonPath) {
        this.pythonPath = pythonPath;
    }

    public List<String> getModules() {
        return modules;
    }

    public void setModules(List<String> modules) {
        this.modules = modules;
    }

    public List<String> getScripts() {
        return scripts;
    }

    public void setScripts(List<String> scripts) {
        this.scripts = scripts;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = notNegative("pyembed.shutdown-timeout", shutdownTimeout);
    }

    public boolean isUseEnvironment() {
        return useEnvironment;
    }

    public void setUseEnvironment(boolean useEnvironment) {
        this.useEnvironment = useEnvironment;
    }

    public NativeBackend getNativeBackend() {
        return nativeBackend;
    }

    public void setNativeBackend(NativeBackend nativeBackend) {
        this.nativeBackend = nativeBackend;
    }

    public boolean isLazyStart() {
        return lazyStart;
    }

    public void setLazyStart(boolean lazyStart) {
        this.lazyStart = lazyStart;
    }

    public Gil getGil() {
        return gil;
    }

    public Output getOutput() {
        return output;
    }

    public Logging getLogging() {
        return logging;
    }

    public Interpreters getInterpreters() {
        return interpreters;
    }

    public Packages getPackages() {
        return packages;
    }

    /** {@code pyembed.packages.*}: Python packages shipped as jars on the class path (pyembed-numpy, pyembed-scipy). */
    public static class Packages {

        /**
         * Whether the Python packages on the class path (jars with a META-INF/pyembed/python-packages.properties)
         * are extracted and put on sys.path. A package compiled for the embedded CPython makes start fail on another
         * runtime; set false to use the packages installed in that Python instead.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** {@code pyembed.gil.*}: how Java code takes the GIL. */
    public static class Gil {

        /**
         * How long a @WithGil method waits for the GIL before it fails with a GilTimeoutException naming the
         * thread that holds it. Not set: wait as long as it takes. @WithGil(timeout = "...") overrides it per
         * method.
         */
        private Duration acquireTimeout;

        /**
         * How long one thread may hold the GIL before the watchdog logs a warning with its Java and Python stacks
         * (once per hold, at most once per pyembed.observability.hold-warning-interval). 0 turns the watchdog off.
         */
        private Duration holdWarning = Duration.ofSeconds(2);

        /**
         * The order of the @WithGil aspect among other advice on the same bean. The default, lowest precedence,
         * makes it the innermost: the GIL is held around the method body only, not around transaction begin and
         * commit or cache look-ups (a cache hit takes no GIL).
         */
        private int aspectOrder = Ordered.LOWEST_PRECEDENCE;

        /**
         * Puts a Java lock in front of the GIL for Java threads, with this as the longest a thread waits in it before
         * it goes to the GIL directly (5ms, CPython's switch interval, measured best). Not set (the default): off.
         * Helps throughput when many request threads make short Python calls; leave it off when Python code inside
         * @WithGil methods blocks on I/O or Python threads run CPU-bound code.
         */
        private Duration javaCallerQueue;

        /**
         * How long a call in a GIL scope (a @WithGil method, engine.withGil) may run, the wait for the GIL included:
         * past it, its Python code is stopped (it gets pyembed.DeadlineExceeded, its finally blocks run) and the caller
         * a PythonTimeoutException naming the deadline and the Python line it stopped at. Not set: no deadline.
         * @WithGil(deadline = "...") overrides it per method.
         */
        private Duration callDeadline;

        public Duration getCallDeadline() {
            return callDeadline;
        }

        public void setCallDeadline(Duration callDeadline) {
            this.callDeadline = positive("pyembed.gil.call-deadline", callDeadline);
        }

        public Duration getJavaCallerQueue() {
            return javaCallerQueue;
        }

        public void setJavaCallerQueue(Duration javaCallerQueue) {
            this.javaCallerQueue = positive("pyembed.gil.java-caller-queue", javaCallerQueue);
        }

        public Duration getAcquireTimeout() {
            return acquireTimeout;
        }

        public void setAcquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = notNegative("pyembed.gil.acquire-timeout", acquireTimeout);
        }

        public Duration getHoldWarning() {
            return holdWarning;
        }

        public void setHoldWarning(Duration holdWarning) {
            this.holdWarning = notNegative("pyembed.gil.hold-warning", holdWarning);
        }

        public int getAspectOrder() {
            return aspectOrder;
        }

        public void setAspectOrder(int aspectOrder) {
            this.aspectOrder = aspectOrder;
        }
    }

    /** {@code pyembed.output.*}: where Python's print() goes. */
    public static class Output {

        /**
         * The SLF4J logger that receives Python's stdout, one line per INFO event.
         */
        private String stdoutLogger = "python.stdout";

        /**
         * The SLF4J logger that receives Python's stderr, one line per WARN event.
         */
        private String stderrLogger = "python.stderr";

        public String getStdoutLogger() {
            return stdoutLogger;
        }

        public void setStdoutLogger(String stdoutLogger) {
            this.stdoutLogger = stdoutLogger;
        }

        public String getStderrLogger() {
            return stderrLogger;
        }

        public void setStderrLogger(String stderrLogger) {
            this.stderrLogger = stderrLogger;
        }
    }

    /** {@code pyembed.logging.*}: Python's {@code logging} module to SLF4J. */
    public static class Logging {

        /**
         * Whether records of Python's logging module go to SLF4J loggers named after the Python logger (the root
         * logger as 'python'), levels mapped (DEBUG, INFO, WARNING as WARN, ERROR and CRITICAL as ERROR).
         */
        private boolean enabled = true;

        /**
         * The level of Python's root logger: records below it are dropped in Python, before they cost a call into
         * Java. Python's own default is WARNING; a number or a name (DEBUG, INFO, WARNING, ERROR, CRITICAL).
         */
        private String level = "INFO";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getLevel() {
            return level;
        }

        public void setLevel(String level) {
            dev.pyembed.spring.logging.Slf4jPythonLogging.level(level); // refuses what Python's logging does not know
            this.level = level;
        }
    }

    /** {@code pyembed.interpreters.*}: sub-interpreters with their own GIL, for Python work that runs in parallel. */
    public static class Interpreters {

        /**
         * How many sub-interpreters to start with the engine (CPython 3.12+; 0: none). Each has its own GIL and its
         * own platform thread; the pool is engine.interpreters().
         */
        private int size;

        /** Modules each sub-interpreter imports at start. */
        private List<String> modules = new ArrayList<>();

        public int getSize() {
            return size;
        }

        public void setSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("pyembed.interpreters.size must be 0 (none) or more, was " + size);
            }
            this.size = size;
        }

        public List<String> getModules() {
            return modules;
        }

        public void setModules(List<String> modules) {
            this.modules = modules;
        }
    }
}
