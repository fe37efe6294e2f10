package dev.pyembed.internal.runtime;

import java.util.Locale;
import java.util.Optional;

/**
 * The operating system and CPU the JVM runs on, in the words of the {@code org.bytedeco:cpython} classifiers
 * ({@code linux-x86_64}, {@code macosx-arm64}, ...), and the file names CPython uses there.
 *
 * @param os   {@code linux}, {@code macosx}, {@code windows} or the raw {@code os.name} when unknown
 * @param arch {@code x86_64}, {@code arm64} or the raw {@code os.arch} when unknown
 */
record Platform(String os, String arch) {

    static Platform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** Maps {@code os.name}/{@code os.arch} values to classifier words. */
    static Platform of(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux") ? "linux"
                : name.startsWith("mac") || name.startsWith("darwin") ? "macosx"
                : name.startsWith("windows") ? "windows" : name;
        String a = osArch.toLowerCase(Locale.ROOT);
        String arch = a.equals("amd64") || a.equals("x86_64") || a.equals("x86-64") ? "x86_64"
                : a.equals("aarch64") || a.equals("arm64") ? "arm64" : a;
        return new Platform(os, arch);
    }

    boolean isWindows() {
        return os.equals("windows");
    }

    boolean isMac() {
        return os.equals("macosx");
    }

    /** The classifier of the {@code org.bytedeco:cpython} jar for this platform, if one is published. */
    Optional<String> cpythonClassifier() {
        String classifier = os + "-" + arch;
        return switch (classifier) {
            case "linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64", "windows-x86_64" ->
                    Optional.of(classifier);
            default -> Optional.empty();
        };
    }

    /** How the interpreter program is called on {@code PATH}: {@code python3}, or {@code python3.exe}/{@code python.exe}. */
    String[] interpreterNames() {
        return isWindows() ? new String[] {"python3.exe", "python.exe"} : new String[] {"python3"};
    }

    @Override
    public String toString() {
        return os + "-" + arch;
    }
}
