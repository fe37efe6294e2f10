package dev.pyembed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up failures that CPython would abort the process on (or that are easy to get wrong), each tried in a JVM of
 * its own by {@link StartFailureSurvivalTest}: the start must fail with a {@link PythonStartException}, and the same
 * JVM must then start a good engine. Arguments: the scenario, a scratch folder.
 */
public final class StartFailureScenarioMain {

    private StartFailureScenarioMain() {
    }

    public static void main(String[] args) throws Exception {
        PythonRuntime good = TestEngines.located();
        Path library = good.library();
        Path home = good.home();
        String mm = good.version().majorMinor();
        Path scratch = Path.of(args[1]);
        PythonEngine.Builder bad = PythonEngine.builder().runtime(RuntimeSelection.PATH);
        switch (args[0]) {
            case "home-without-encodings" -> {
                // os.py is there (what the locator looks for), encodings is not (what CPython dies without)
                Path fake = scratch.resolve("home");
                Files.createDirectories(fake.resolve("lib/python" + mm));
                Files.writeString(fake.resolve("lib/python" + mm + "/os.py"), "");
                bad.library(library).home(fake);
            }
            case "home-of-another-version" -> {
                Path fake = scratch.resolve("home");
                fakeStdlib(fake, otherVersion(good.version()));
                bad.library(library).home(fake);
            }
            case "library-of-another-version" -> {
                // a link with another version's name to the real libpython, with a home of that version (a link:
                // a libpython once loaded stays loaded, and a JVM hosts one, so the good engine below needs this file)
                String other = otherVersion(good.version());
                Path renamed = Files.createSymbolicLink(Files.createDirectories(scratch.resolve("lib"))
                        .resolve("libpython" + other + ".so.1.0"), library);
                Path fake = scratch.resolve("home");
                fakeStdlib(fake, other);
                bad.library(renamed).home(fake);
            }
            case "text-file-as-library" -> {
                Path text = Files.writeString(scratch.resolve("libpython" + mm + ".so"), "INPUT(-lpython" + mm + ")\n");
                bad.library(text).home(home);
            }
            case "library-of-another-cpu" -> {
                Path elf = Files.write(scratch.resolve("libpython" + mm + ".so"), elfHeader(otherCpu()));
                bad.library(elf).home(home);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        try (PythonEngine engine = bad.build()) {
            engine.start();
            System.out.println("UNEXPECTED: the bad engine started");
            System.exit(2);
        } catch (PythonStartException e) {
            System.out.println("refused: " + e.getMessage());
        }
        try (PythonEngine engine = TestEngines.builder().start()) {
            System.out.println("then started CPython " + engine.withGil(gil -> gil.eval(
                    "'.'.join(map(str, __import__('sys').version_info[:3]))")));
        }
    }

    private static void fakeStdlib(Path home, String majorMinor) throws Exception {
        Path stdlib = Files.createDirectories(home.resolve("lib/python" + majorMinor + "/encodings"));
        Files.writeString(stdlib.resolve("__init__.py"), "");
        Files.writeString(stdlib.getParent().resolve("os.py"), "");
    }

    static String otherVersion(PythonVersion version) {
        return version.minor() == 10 ? "3.11" : "3." + (version.minor() - 1);
    }

    static String otherCpu() {
        String arch = System.getProperty("os.arch");
        return arch.equals("aarch64") || arch.equals("arm64") ? "x86_64" : "arm64";
    }

    /** The first 64 bytes of a 64-bit little-endian ELF shared library (ET_DYN) for that CPU. */
    private static byte[] elfHeader(String cpu) {
        ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        header.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        header.position(16);
        header.putShort((short) 3);                                  // e_type: ET_DYN
        header.putShort((short) (cpu.equals("arm64") ? 183 : 62));   // e_machine: EM_AARCH64 or EM_X86_64
        header.putInt(1);                                            // e_version
        return header.array();
    }
}
