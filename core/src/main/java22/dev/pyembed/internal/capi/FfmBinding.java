package dev.pyembed.internal.capi;

import dev.pyembed.NativeBackend;
import dev.pyembed.PythonVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;

/**
 * The FFM binding (Java 22+). This class and the other {@code Ffm*} classes exist only in
 * {@code META-INF/versions/22} of the multi-release jar; {@link NativeBackends} makes the {@link Factory}
 * reflectively, and only on Java 22+.
 */
final class FfmBinding implements NativeBinding {

    private static final Logger log = LoggerFactory.getLogger(LibPython.class);

    private final FfmCApi api;
    private final InitApi init = new FfmInitApi();

    private FfmBinding(FfmCApi api) {
        this.api = api;
    }

    @Override
    public NativeBackend backend() {
        return NativeBackend.FFM;
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
        return new FfmSubInterpreterApi(); // the library is bound already (openFlags: LibPython loaded it so)
    }

    static final class Factory implements NativeBinding.Factory {

        Factory() {
        }

        /**
         * Looks libpython up by path: {@link LibPython} has already loaded it with {@code RTLD_GLOBAL}, so the dynamic
         * linker returns the same library (one more reference, never dropped: the global arena). Throws
         * {@link IllegalCallerException} when the JVM denies native access ({@code --illegal-native-access=deny}).
         */
        @Override
        public NativeBinding bind(Path library, PythonVersion version) {
            if (!FfmBinding.class.getModule().isNativeAccessEnabled()) {
                log.info("pyembed: native access is not enabled for {}: Java prints a warning about restricted methods;"
                        + " start the JVM with --enable-native-access=ALL-UNNAMED (or the module's name) to allow it",
                        FfmBinding.class.getModule());
            }
            FfmCApi.library = SymbolLookup.libraryLookup(library, Arena.global());
            return new FfmBinding(new FfmCApi());
        }
    }
}
