package dev.pyembed.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The platform the application's Python packages are installed for, named like the {@code org.bytedeco:cpython}
 * classifiers ({@code linux-x86_64}, {@code macosx-arm64}, ...), and the wheel platform tags pip accepts for it.
 *
 * <p>pip expands only the legacy {@code manylinux2014}/{@code 2010} and macOS tags itself; for Linux this lists
 * every {@code manylinux_2_N} from the target's glibc down to 2.5, as {@code packaging.tags} does for the running
 * machine.
 */
record TargetPlatform(String classifier) {

    static final List<String> KNOWN = List.of("linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64",
            "windows-x86_64");
    /** The embedded CPython's libpython needs glibc 2.35 ({@code objdump -T}): every machine it runs on has it. */
    static final String DEFAULT_GLIBC = "2.35";

    TargetPlatform {
        if (!KNOWN.contains(classifier)) {
            throw new IllegalArgumentException("unknown platform '" + classifier + "': use one of " + KNOWN);
        }
    }

    /** The build machine, mapped from {@code os.name}/{@code os.arch} as pyembed maps it for the runtime. */
    static TargetPlatform current() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux") ? "linux"
                : name.startsWith("mac") || name.startsWith("darwin") ? "macosx"
                : name.startsWith("windows") ? "windows" : name;
        String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String arch = a.equals("amd64") || a.equals("x86_64") ? "x86_64" : a.equals("aarch64") ? "arm64" : a;
        return new TargetPlatform(os + "-" + arch);
    }

    /**
     * @param glibc the oldest glibc the application runs on ({@code 2.35}), Linux only
     * @return the values of pip's {@code --platform}, most specific first
     */
    List<String> pipPlatforms(String glibc) {
        return switch (classifier) {
            case "linux-x86_64" -> linux("x86_64", glibc);
            case "linux-arm64" -> linux("aarch64", glibc);
            case "macosx-x86_64" -> List.of("macosx_11_0_x86_64");
            case "macosx-arm64" -> List.of("macosx_11_0_arm64");
            case "windows-x86_64" -> List.of("win_amd64");
            default -> throw new IllegalStateException(classifier);
        };
    }

    private static List<String> linux(String arch, String glibc) {
        String[] parts = glibc.split("\\.");
        int minor;
        try {
            if (parts.length != 2 || !parts[0].equals("2")) {
                throw new NumberFormatException();
            }
            minor = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("glibc version '" + glibc + "' is not of the form 2.N (e.g. 2.35)");
        }
        List<String> tags = new ArrayList<>();
        for (int m = minor; m >= 5; m--) {
            tags.add("manylinux_2_" + m + "_" + arch);
            if (m == 17) {
                tags.add("manylinux2014_" + arch); // the legacy names of the same glibc levels (PEP 600)
            } else if (m == 12 && arch.equals("x86_64")) {
                tags.add("manylinux2010_" + arch);
            } else if (m == 5 && arch.equals("x86_64")) {
                tags.add("manylinux1_" + arch);
            }
        }
        tags.add("linux_" + arch);
        return List.copyOf(tags);
    }

    @Override
    public String toString() {
        return classifier;
    }
}
