package dev.pyembed.internal.capi;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Native libraries loaded into the process with {@code RTLD_NOW | RTLD_GLOBAL} before Python needs them (openblas
 * for numpy, libffi for {@code _ctypes}), so that extension modules whose RUNPATH points at the build machine find
 * their symbols. Each stays loaded for the life of the JVM: JNA closes ({@code dlclose}) a {@link NativeLibrary}
 * that nothing references when it is garbage collected, and a later import would then fail.
 */
public final class PreloadedLibraries {

    private static final int RTLD_NOW = 0x2;
    /** Strong references for ever, by absolute path. */
    private static final Map<Path, NativeLibrary> LOADED = new ConcurrentHashMap<>();

    private PreloadedLibraries() {
    }

    /**
     * Loads {@code library} (an absolute path) once per JVM and keeps it loaded.
     *
     * @throws UnsatisfiedLinkError when the dynamic linker refuses it (message from {@code dlopen})
     */
    public static void loadGlobal(Path library) {
        Path absolute = library.toAbsolutePath().normalize();
        LOADED.computeIfAbsent(absolute, path -> NativeLibrary.getInstance(path.toString(),
                Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | (Platform.isMac() ? 0x8 : 0x100))));
    }

    /** Whether {@code library} was loaded through {@link #loadGlobal(Path)} (and so is still loaded). */
    public static boolean isLoaded(Path library) {
        return LOADED.containsKey(library.toAbsolutePath().normalize());
    }
}
