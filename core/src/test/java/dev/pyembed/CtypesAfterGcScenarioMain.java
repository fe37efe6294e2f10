package dev.pyembed;

import com.sun.jna.internal.Cleaner;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Run by {@link PreloadedLibrariesTest} in a JVM of its own, so that nothing imported {@code ctypes} before: starts
 * an engine, forces garbage collections (and lets JNA's cleaner run, which closes unreferenced native libraries),
 * then imports {@code ctypes} for the first time and calls through libffi.
 */
public final class CtypesAfterGcScenarioMain {

    private CtypesAfterGcScenarioMain() {
    }

    public static void main(String[] args) throws Exception {
        try (PythonEngine engine = TestEngines.builder().start()) {
            Object imported = engine.withGil(gil -> gil.eval("'ctypes' in __import__('sys').modules"));
            System.out.println("ctypes imported before the GCs: " + imported);
            for (int round = 1; round <= 3; round++) {
                forceGcAndCleaners(round);
            }
            Object result = engine.withGil(gil -> {
                gil.exec("import ctypes");
                // a Python callback called through a libffi closure
                return gil.eval("ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: x * 2)(21)");
            });
            System.out.println("ctypes callback through libffi: " + result);
            for (Path libffi : runtimeLibffi(engine.runtime().library())) {
                System.out.println("runtime's " + libffi.getFileName() + " mapped: " + isMapped(libffi));
            }
        }
    }

    /** A GC that provably ran (a weakly reachable object is cleared), and JNA's cleaner thread caught up with it. */
    private static void forceGcAndCleaners(int round) throws InterruptedException {
        WeakReference<Object> canary = new WeakReference<>(new Object());
        CountDownLatch cleaned = new CountDownLatch(1);
        Cleaner.getCleaner().register(new Object(), cleaned::countDown);
        for (int i = 0; i < 100 && (canary.get() != null || cleaned.getCount() > 0); i++) {
            System.gc();
            cleaned.await(100, TimeUnit.MILLISECONDS);
        }
        if (canary.get() != null || cleaned.getCount() > 0) {
            throw new IllegalStateException("no GC cleared the canary in round " + round);
        }
        System.out.println("GC round " + round + ": canary cleared, JNA cleaner ran");
    }

    private static java.util.List<Path> runtimeLibffi(Path libpython) throws Exception {
        try (Stream<Path> files = Files.list(libpython.getParent())) {
            return files.filter(f -> f.getFileName().toString().matches("libffi\\.so\\.\\d+")).sorted().toList();
        }
    }

    /** Linux: whether the process still maps this very file (not another libffi of the same soname). */
    private static String isMapped(Path library) throws Exception {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return "unknown";
        }
        String real = library.toRealPath().toString();
        return String.valueOf(Files.readAllLines(maps).stream().anyMatch(line -> line.endsWith(real)));
    }
}
