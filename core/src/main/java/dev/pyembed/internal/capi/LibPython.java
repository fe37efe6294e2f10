package dev.pyembed.internal.capi;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import dev.pyembed.NativeBackend;
import dev.pyembed.PythonStartException;
import dev.pyembed.PythonVersion;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The libpython loaded into this process. There is at most one per JVM: its symbols are loaded with
 * {@code RTLD_GLOBAL} (so that C extension modules such as numpy or {@code _ssl} resolve {@code Py*} symbols
 * against it), and two CPython versions in one process would resolve against each other.
 */
public final class LibPython {

    private static final int RTLD_NOW = 0x2;
    private static LibPython loaded;
    /**
     * The libpython this process opened, also when its start failed after that. It is never closed again: closing a
     * libpython3.13 that was loaded but never initialized crashed the JVM soon after (a jump into its unmapped code),
     * and a second libpython would share its RTLD_GLOBAL symbols.
     */
    private static Path openedPath;
    private static NativeLibrary openedLibrary;

    private final Path path;
    private final PythonVersion version;
    @SuppressWarnings("unused") // keeps the library loaded (RTLD_GLOBAL) for the life of the process
    private final NativeLibrary library;
    private final NativeBinding binding;
    private final CApi api;
    private final ThreadSwitchApi threadSwitches;
    private final InitApi init;
    private SubInterpreterApi subInterpreters;

    private LibPython(Path path, PythonVersion version, NativeLibrary library, NativeBinding binding) {
        this.path = path;
        this.version = version;
        this.library = library;
        this.binding = binding;
        this.api = binding.api();
        this.threadSwitches = binding.threadSwitches();
        this.init = binding.init();
    }

    /** {@link #load(Path, PythonVersion, NativeBackend)} with {@link NativeBackend#AUTO}. */
    public static LibPython load(Path library, PythonVersion version) {
        return load(library, version, NativeBackend.AUTO);
    }

    /**
     * Loads {@code library} once per process and binds it through {@code backend}; a second call with the same file
     * returns the same instance, with another file it fails: a JVM can host one libpython. The backend is chosen
     * once too: a later call must ask for the same one, or for {@link NativeBackend#AUTO}.
     */
    public static synchronized LibPython load(Path library, PythonVersion version, NativeBackend backend) {
        NativeBackends.checkAvailable(backend); // before loading anything: what is missing is the more useful news
        Path real = realPath(library);
        if (loaded != null) {
            if (!loaded.path.equals(real)) {
                throw new PythonStartException("this JVM already loaded " + loaded.path + " (CPython " + loaded.version
                        + "); it cannot load " + real + " as well",
                        "use the same runtime for every engine in one process (pyembed.runtime / pyembed.library)");
            }
            if (backend != NativeBackend.AUTO && backend != loaded.backend()) {
                throw new PythonStartException("this JVM already bound libpython through the " + loaded.backend()
                        + " native backend; it is chosen once per JVM (by the first engine) and cannot be " + backend
                        + " as well", "use the same " + NativeBackend.PROPERTY + " for every engine in one process"
                        + " (or auto)");
            }
            return loaded;
        }
        if (openedPath != null && !openedPath.equals(real)) {
            throw new PythonStartException("this JVM already loaded " + openedPath + " (an engine on it failed to"
                    + " start); it cannot load " + real + " as well", "use the same runtime for every engine in one"
                    + " process (pyembed.runtime / pyembed.library), or restart the JVM");
        }
        NativeLibrary nativeLibrary;
        try {
            if (openedLibrary == null) {
                preloadSiblings(real);
                openedLibrary = NativeLibrary.getInstance(real.toString(),
                        Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | rtldGlobal()));
                openedPath = real;
            }
            nativeLibrary = openedLibrary;
            requireVersion(nativeLibrary, real, version);
        } catch (UnsatisfiedLinkError e) {
            throw new PythonStartException("cannot load libpython " + real + ": " + e.getMessage(),
                    "check that the file is a CPython shared library for this platform, or set pyembed.runtime=embedded", e);
        } catch (LinkageError | IllegalCallerException e) {
            // JNA loads its JNI library with System.load, a restricted method from Java 24 on
            Throwable denied = nativeAccessDenied(e);
            if (denied != null) {
                throw new PythonStartException("this JVM denies native access, which loading libpython needs: "
                        + denied.getMessage(), "start the JVM with --enable-native-access=ALL-UNNAMED (or the names"
                        + " of the pyembed-core and JNA modules), or drop --illegal-native-access=deny", e);
            }
            throw new PythonStartException("JNA cannot load libpython " + real + ": " + e, "see the cause", e);
        }
        loaded = new LibPython(real, version, nativeLibrary,
                NativeBackends.bind(backend, real, version, nativeLibrary));
        return loaded;
    }

    /** The functions that need the GIL held: hand them out through a {@code GilHeld} token. */
    public CApi api() {
        return api;
    }

    /** The functions that run without the GIL or take and give it back. */
    public ThreadSwitchApi threadSwitches() {
        return threadSwitches;
    }

    /** The backend this process binds libpython with: {@link NativeBackend#FFM} or {@link NativeBackend#JNA}. */
    public NativeBackend backend() {
        return binding.backend();
    }

    /** Sub-interpreters with their own GIL: CPython 3.12+ only. */
    public synchronized SubInterpreterApi subInterpreters() {
        if (!version.isAtLeast(3, 12)) {
            throw new UnsupportedOperationException("sub-interpreters with their own GIL need CPython 3.12 or newer;"
                    + " this engine runs CPython " + version + " (pyembed.runtime=embedded gives 3.14)");
        }
        if (subInterpreters == null) {
            subInterpreters = binding.subInterpreters(path, RTLD_NOW | rtldGlobal());
        }
        return subInterpreters;
    }

    public PythonVersion version() {
        return version;
    }

    public Path path() {
        return path;
    }

    /**
     * Initializes the interpreter on the calling thread, which then holds the GIL. Validates the home first:
     * CPython aborts the whole process (Py_FatalError) when it cannot find its standard library.
     */
    public void initialize(InitSettings settings) {
        InitPreconditions.requireStdlib(settings.home(), path, version);
        if (version.isAtLeast(3, 14)) {
            initializeFromInitConfig(settings);
        } else {
            initializeLegacy(settings);
        }
    }

    private void initializeFromInitConfig(InitSettings settings) {
        long config = init.PyInitConfig_Create();
        if (config == 0) {
            throw new PythonStartException("PyInitConfig_Create failed (out of memory?)", "");
        }
        try {
            setStr(config, "home", settings.home().toString());
            if (settings.executable() != null) {
                setStr(config, "executable", settings.executable().toString());
            }
            setInt(config, "install_signal_handlers", 0);
            setInt(config, "faulthandler", 0);
            // PyInitConfig_Create starts from the isolated configuration, whose isolated=1 forces
            // use_environment back to 0: opting in to the environment needs both.
            setInt(config, "isolated", settings.useEnvironment() ? 0 : 1);
            setInt(config, "use_environment", settings.useEnvironment() ? 1 : 0);
            setInt(config, "user_site_directory", 0);
            setInt(config, "parse_argv", 0);
            if (init.Py_InitializeFromInitConfig(config) != 0) {
                throw new PythonStartException("CPython failed to initialize: " + configError(config),
                        "check pyembed.home (" + settings.home() + ")");
            }
        } finally {
            init.PyInitConfig_Free(config);
        }
    }

    private void setStr(long config, String name, String value) {
        if (init.PyInitConfig_SetStr(config, Utf8.cString(name), Utf8.cString(value)) != 0) {
            throw new PythonStartException("cannot set init option " + name + ": " + configError(config), "");
        }
    }

    private void setInt(long config, String name, long value) {
        if (init.PyInitConfig_SetInt(config, Utf8.cString(name), value) != 0) {
            throw new PythonStartException("cannot set init option " + name + ": " + configError(config), "");
        }
    }

    private String configError(long config) {
        long[] message = new long[1];
        if (init.PyInitConfig_GetError(config, message) != 0 && message[0] != 0) {
            return api.readCString(message[0]);
        }
        return "(no message)";
    }

    /**
     * 3.10 to 3.13: {@code Py_InitializeEx} aborts the process on any init error, so {@link #initialize} checked
     * first what it would die on. Without a home CPython falls back to its build-time prefix, which is never where
     * a relocated runtime (the embedded one, any copied folder) lives: the home is always set.
     */
    private void initializeLegacy(InitSettings settings) {
        long home = init.Py_DecodeLocale(Utf8.cString(settings.home().toString()), 0);
        if (home == 0) {
            throw new PythonStartException("the Python home " + settings.home() + " cannot be decoded in this"
                    + " process's locale", "set pyembed.home to a path of ASCII characters, or run with a UTF-8 locale");
        }
        init.Py_SetPythonHome(home);
        setGlobalFlag("Py_IgnoreEnvironmentFlag", settings.useEnvironment() ? 0 : 1);
        setGlobalFlag("Py_NoUserSiteDirectory", 1);
        init.Py_InitializeEx(0);
    }

    private void setGlobalFlag(String name, int value) {
        api.writeInt(api.symbolAddress(name), value);
    }

    private static Throwable nativeAccessDenied(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalCallerException) {
                return cause;
            }
        }
        return null;
    }

    /**
     * The org.bytedeco builds ship libffi beside libpython, each its own soname ({@code libffi.so.6} for 3.10/3.11,
     * {@code .7} for 3.12, {@code .8} for 3.13/3.14), and their {@code _ctypes} cannot find it by itself: preload
     * whichever is there, for the life of the JVM.
     */
    private static void preloadSiblings(Path libpython) {
        Path dir = libpython.getParent();
        if (dir == null) {
            return;
        }
        try (DirectoryStream<Path> libffi = Files.newDirectoryStream(dir, "{libffi.so.[0-9]*,libffi.[0-9]*.dylib}")) {
            for (Path library : libffi) {
                if (Files.isRegularFile(library)) {
                    PreloadedLibraries.loadGlobal(library);
                }
            }
        } catch (IOException e) {
            throw new PythonStartException("cannot list " + dir + " (the folder of libpython): " + e.getMessage(),
                    "make the folder readable", e);
        }
    }

    /**
     * The version the runtime was taken for (from the file name, the headers or the interpreter) must be the
     * library's own: the init functions bound and the standard library folder checked depend on it. On a mismatch
     * the library stays loaded (it is never closed, see {@link #openedPath}) but is never bound or initialized.
     */
    private static void requireVersion(NativeLibrary library, Path path, PythonVersion expected) {
        String reported = library.getFunction("Py_GetVersion").invokeString(new Object[0], false);
        PythonVersion actual;
        try {
            actual = PythonVersion.parse(reported.split("\\s", 2)[0]);
        } catch (IllegalArgumentException e) {
            throw new PythonStartException(path + " reports the version '" + reported + "', which is not a CPython"
                    + " version", "set pyembed.library to a CPython libpython", e);
        }
        if (actual.major() != expected.major() || actual.minor() != expected.minor()) {
            throw new PythonStartException(path + " is CPython " + actual + ", not " + expected.majorMinor()
                    + " as its file name or home says", "set pyembed.library and pyembed.home to the libpython and"
                    + " the home of one and the same Python installation");
        }
    }

    private static int rtldGlobal() {
        return Platform.isMac() ? 0x8 : 0x100;
    }

    private static Path realPath(Path library) {
        try {
            return library.toRealPath();
        } catch (IOException e) {
            throw new PythonStartException("libpython not found at " + library,
                    "set pyembed.library to an existing libpython file, or pyembed.runtime=embedded", e);
        }
    }
}
