package dev.pyembed.internal.capi;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Native libraries that Python's C extensions need but cannot find by themselves (their {@code RUNPATH} points at the
 * build machine): {@code libffi} for {@code _ctypes}, {@code libopenblas} for numpy. Each is loaded once by absolute
 * path with {@code RTLD_NOW | RTLD_GLOBAL}, so that a later {@code dlopen} of the extension finds the soname already
 * in the process, and stays loaded for the life of the JVM: JNA closes ({@code dlclose}) a {@link NativeLibrary}
 * that nothing references when the garbage collector finds it, and an import after that would fail.
 */
public final class PreloadedLibraries {

    private static final int RTLD_NOW = 0x2;
    /** Referenced for ever: the point of this class. */
    private static final ConcurrentMap<Path, NativeLibrary> LOADED = new ConcurrentHashMap<>();

    private PreloadedLibraries() {
    }

    /**
     * Loads {@code library} with {@code RTLD_NOW | RTLD_GLOBAL} unless it is already loaded through this class, and
     * keeps it loaded until the JVM exits. Libraries that depend on each other are loaded dependencies first.
     *
     * @param library an absolute path to a shared library file
     * @throws IllegalArgumentException when the path is not absolute
     * @throws UnsatisfiedLinkError     when the file cannot be loaded (JNA's message says why)
     */
    public static void loadGlobal(Path library) {
        if (!library.isAbsolute()) {
            throw new IllegalArgumentException("a preloaded library needs an absolute path, not " + library);
        }
        LOADED.computeIfAbsent(library.normalize(), path -> NativeLibrary.getInstance(path.toString(),
                Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | rtldGlobal())));
    }

    /** Whether {@code library} was loaded through {@link #loadGlobal(Path)} (and so is still loaded). */
    public static boolean isLoaded(Path library) {
        return LOADED.containsKey(library.toAbsolutePath().normalize());
    }

    private static int rtldGlobal() {
        return Platform.isMac() ? 0x8 : 0x100;
    }
}
