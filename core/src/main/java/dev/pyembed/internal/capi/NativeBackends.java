package dev.pyembed.internal.capi;

import com.sun.jna.NativeLibrary;
import dev.pyembed.NativeBackend;
import dev.pyembed.PythonStartException;
import dev.pyembed.PythonVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * Chooses and makes the binding: {@link NativeBackend#FFM} when asked for or, with {@link NativeBackend#AUTO}, when
 * this JVM can have it (Java 22+, the FFM classes present, native access not denied); else {@link NativeBackend#JNA}.
 *
 * <p>The FFM classes are Java 22 class files that exist only under {@code META-INF/versions/22} of the
 * multi-release {@code pyembed-core} jar (compiled when the build runs on JDK 22+). A Java 17 to 21 JVM does not
 * see that folder, so {@link Class#forName} cannot find them there; the Java version is checked first anyway, and
 * nothing outside this class names them.
 */
final class NativeBackends {

    static final String FFM_FACTORY = "dev.pyembed.internal.capi.FfmBinding$Factory";
    static final int FFM_MIN_JAVA = 22;
    private static final String FLAG = "--enable-native-access=ALL-UNNAMED";
    private static final Logger log = LoggerFactory.getLogger(LibPython.class);

    private NativeBackends() {
    }

    /** Why FFM cannot be used in this JVM, or {@code null} when it can be tried. */
    static String ffmUnavailable() {
        int java = Runtime.version().feature();
        if (java < FFM_MIN_JAVA) {
            return "Java " + java + " has no final FFM API (java.lang.foreign, Java " + FFM_MIN_JAVA + "+)";
        }
        if (NativeBackends.class.getClassLoader().getResource(FFM_FACTORY.replace('.', '/') + ".class") == null) {
            return "this pyembed-core has no FFM classes: they are in META-INF/versions/" + FFM_MIN_JAVA
                    + " of the multi-release jar, which a build on a JDK older than " + FFM_MIN_JAVA
                    + " does not make, and which a JVM reads only from the jar (not from an unpacked folder)";
        }
        return null;
    }

    /** Fails, saying why, when {@code requested} is FFM and this JVM cannot have it. */
    static void checkAvailable(NativeBackend requested) {
        String unavailable = requested == NativeBackend.FFM ? ffmUnavailable() : null;
        if (unavailable != null) {
            throw new PythonStartException("the FFM native backend was asked for, but " + unavailable,
                    "run on Java " + FFM_MIN_JAVA + "+ with the pyembed-core jar, or set "
                            + NativeBackend.PROPERTY + "=auto (or jna)");
        }
    }

    static NativeBinding bind(NativeBackend requested, Path library, PythonVersion version, NativeLibrary jnaLibrary) {
        if (requested == NativeBackend.JNA) {
            return jna(jnaLibrary, version, "asked for");
        }
        checkAvailable(requested);
        String unavailable = ffmUnavailable();
        if (unavailable != null) {
            return jna(jnaLibrary, version, "auto: " + unavailable);
        }
        try {
            NativeBinding binding = ffmFactory().bind(library, version);
            log.info("pyembed: native backend FFM (java.lang.foreign, Java {}; {})", Runtime.version().feature(),
                    requested == NativeBackend.FFM ? "asked for" : "auto");
            return binding;
        } catch (IllegalCallerException denied) {
            // --illegal-native-access=deny (or a module without native access): restricted methods throw.
            if (requested == NativeBackend.FFM) {
                throw new PythonStartException("the FFM native backend was asked for, but this JVM denies native"
                        + " access: " + denied.getMessage(), "start the JVM with " + FLAG
                        + " (or the module's name instead of ALL-UNNAMED)", denied);
            }
            return jna(jnaLibrary, version, "auto: native access is denied to FFM (" + denied.getMessage()
                    + "); start the JVM with " + FLAG + " for the faster FFM backend");
        } catch (RuntimeException | LinkageError e) {
            throw new PythonStartException("the FFM native backend cannot bind " + library + ": " + e,
                    "set " + NativeBackend.PROPERTY + "=jna to use the JNA backend instead", e);
        }
    }

    private static NativeBinding jna(NativeLibrary library, PythonVersion version, String reason) {
        NativeBinding binding = new JnaBinding(library, version);
        log.info("pyembed: native backend JNA ({})", reason);
        return binding;
    }

    private static NativeBinding.Factory ffmFactory() {
        try {
            return (NativeBinding.Factory) Class.forName(FFM_FACTORY).getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot make the FFM binding", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the FFM binding", e);
        }
    }

    /** The JNA binding: direct mapping, registered once per process. */
    private static final class JnaBinding implements NativeBinding {
        private final JnaCApi api;
        private final InitApi init;

        JnaBinding(NativeLibrary library, PythonVersion version) {
            this.api = new JnaCApi(library);
            this.init = new JnaInitApi(library, version);
        }

        @Override
        public NativeBackend backend() {
            return NativeBackend.JNA;
        }

        @Override
        public CApi api() {
            return api;
        }

        @Override
        public ThreadSwitchApi threadSwitches() {
            return api;
        }

        @Override
        public InitApi init() {
            return init;
        }

        @Override
        public SubInterpreterApi subInterpreters(Path library, int openFlags) {
            return new JnaSubInterpreterApi(library, openFlags);
        }
    }
}
