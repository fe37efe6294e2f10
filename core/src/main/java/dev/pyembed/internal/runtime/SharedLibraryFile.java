package dev.pyembed.internal.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the first bytes of a file meant as libpython and says, before anything loads it, why it cannot be loaded
 * on this platform: not a shared library at all (a text file, a linker script, an archive), or one built for another
 * operating system or CPU. A file that passes may still fail to load; that failure is reported by the loader.
 */
final class SharedLibraryFile {

    private static final int HEADER = 64;

    private SharedLibraryFile() {
    }

    /** Why {@code file} cannot be this platform's shared library, or empty when its header fits. */
    static Optional<String> problem(Path file, Platform platform) throws IOException {
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(HEADER);
        }
        String format = format(header);
        String expected = platform.isWindows() ? "PE" : platform.isMac() ? "Mach-O" : "ELF";
        if (format == null) {
            return Optional.of("is not a shared library: " + describeOther(header));
        }
        if (!format.equals(expected)) {
            return Optional.of("is " + (format.equals("ELF") ? "an " : "a ") + format + " file (" + osOf(format) + "), but this JVM runs on "
                    + platform + ", which loads " + expected + " libraries");
        }
        String arch = switch (format) {
            case "ELF" -> elfArch(header);
            case "Mach-O" -> machOArch(header);
            default -> null; // PE: the loader's message is clear enough
        };
        if (arch != null && !arch.equals(platform.arch()) && !arch.equals("universal") && isKnown(platform.arch())) {
            return Optional.of("is built for " + arch + ", but this JVM runs on " + platform.arch());
        }
        if (format.equals("ELF") && elfType(header) != 3) {
            return Optional.of("is an ELF " + (elfType(header) == 2 ? "program" : "object file")
                    + ", not a shared library");
        }
        return Optional.empty();
    }

    private static String format(byte[] h) {
        if (h.length >= 4 && (h[0] & 0xff) == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F') {
            return "ELF";
        }
        if (h.length >= 4) {
            int be = ByteBuffer.wrap(h, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
            if (be == 0xfeedface || be == 0xfeedfacf || be == 0xcefaedfe || be == 0xcffaedfe || be == 0xcafebabe) {
                return "Mach-O";
            }
        }
        if (h.length >= 2 && h[0] == 'M' && h[1] == 'Z') {
            return "PE";
        }
        return null;
    }

    private static String osOf(String format) {
        return switch (format) {
            case "ELF" -> "Linux";
            case "Mach-O" -> "macOS";
            default -> "Windows";
        };
    }

    private static String describeOther(byte[] h) {
        if (h.length == 0) {
            return "the file is empty";
        }
        if (h.length >= 7 && new String(h, 0, 7, StandardCharsets.ISO_8859_1).equals("!<arch>")) {
            return "it is a static archive (.a); embedding needs the shared library (built with --enable-shared)";
        }
        int printable = 0;
        for (byte b : h) {
            if (b == '\n' || b == '\r' || b == '\t' || (b >= 0x20 && b < 0x7f)) {
                printable++;
            }
        }
        if (printable == h.length) {
            String start = new String(h, StandardCharsets.US_ASCII).strip().replaceAll("\\s+", " ");
            return "it is a text file (it starts with \"" + (start.length() > 40 ? start.substring(0, 40) + "..." : start)
                    + "\")";
        }
        return "it has no ELF, Mach-O or PE header";
    }

    /** e_machine of an ELF header, in the words of {@link Platform#arch()}. */
    private static String elfArch(byte[] h) {
        if (h.length < 20) {
            return null;
        }
        int machine = ByteBuffer.wrap(h, 18, 2).order(elfOrder(h)).getShort() & 0xffff;
        boolean is64 = h[4] == 2;
        return switch (machine) {
            case 62 -> "x86_64";
            case 183 -> "arm64";
            case 3 -> "x86";
            case 40 -> "arm";
            case 243 -> is64 ? "riscv64" : "riscv32";
            case 21 -> "ppc64";
            case 22 -> "s390x";
            default -> "ELF machine " + machine;
        };
    }

    private static int elfType(byte[] h) {
        return h.length < 18 ? -1 : ByteBuffer.wrap(h, 16, 2).order(elfOrder(h)).getShort() & 0xffff;
    }

    private static ByteOrder elfOrder(byte[] h) {
        return h.length > 5 && h[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** cputype of a thin Mach-O header; "universal" for a fat file (the loader picks the slice). */
    private static String machOArch(byte[] h) {
        int magic = ByteBuffer.wrap(h, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        if (magic == 0xcafebabe) {
            return "universal";
        }
        if (h.length < 8) {
            return null;
        }
        ByteOrder order = magic == 0xcefaedfe || magic == 0xcffaedfe ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int cpu = ByteBuffer.wrap(h, 4, 4).order(order).getInt();
        return switch (cpu) {
            case 0x01000007 -> "x86_64";
            case 0x0100000c -> "arm64";
            default -> "Mach-O CPU " + Integer.toHexString(cpu);
        };
    }

    /** Only compare CPUs this class can name; an unknown os.arch is left to the loader. */
    private static boolean isKnown(String arch) {
        return switch (arch) {
            case "x86_64", "arm64", "x86", "arm", "riscv64", "ppc64", "s390x" -> true;
            default -> false;
        };
    }
}
