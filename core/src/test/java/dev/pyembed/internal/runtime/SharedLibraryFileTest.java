package dev.pyembed.internal.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SharedLibraryFileTest {

    private static final Platform LINUX_X86 = Platform.of("Linux", "amd64");
    private static final Platform MAC_ARM = Platform.of("Mac OS X", "aarch64");

    @TempDir
    Path tmp;

    private Path file(byte[] content) throws IOException {
        return Files.write(tmp.resolve("libpython3.12.so"), content);
    }

    @Test
    void thisPlatformsLibraryPasses() throws IOException {
        assertThat(SharedLibraryFile.problem(file(LibraryHeaders.elf(62, 3)), LINUX_X86)).isEmpty();
        assertThat(SharedLibraryFile.problem(file(LibraryHeaders.machO(0x0100000c)), MAC_ARM)).isEmpty();
        Path current = LibraryHeaders.writeFake(tmp.resolve("current/libpython3.12.so"));
        assertThat(SharedLibraryFile.problem(current, Platform.current())).isEmpty();
    }

    @Test
    void aTextFileIsNotASharedLibrary() throws IOException {
        Path text = file("/* GNU ld script */\nINPUT(libpython3.12.so.1.0)\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(SharedLibraryFile.problem(text, LINUX_X86)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("is not a shared library: it is a text file (it starts with \"/* GNU ld script */ INPUT("));
    }

    @Test
    void anEmptyFileAndAStaticArchiveAreNamedSo() throws IOException {
        assertThat(SharedLibraryFile.problem(file(new byte[0]), LINUX_X86)).hasValue("is not a shared library: the file is empty");
        assertThat(SharedLibraryFile.problem(file("!<arch>\n/               0".getBytes(StandardCharsets.US_ASCII)), LINUX_X86))
                .hasValueSatisfying(why -> assertThat(why).contains("static archive").contains("--enable-shared"));
        assertThat(SharedLibraryFile.problem(file(new byte[] {0, 1, 2, (byte) 0xff}), LINUX_X86))
                .hasValue("is not a shared library: it has no ELF, Mach-O or PE header");
    }

    @Test
    void anotherCpuOrOperatingSystemIsNamed() throws IOException {
        assertThat(SharedLibraryFile.problem(file(LibraryHeaders.elf(183, 3)), LINUX_X86))
                .hasValue("is built for arm64, but this JVM runs on x86_64");
        assertThat(SharedLibraryFile.problem(file(LibraryHeaders.machO(0x01000007)), LINUX_X86))
                .hasValueSatisfying(why -> assertThat(why).startsWith("is a Mach-O file (macOS), but this JVM runs on linux-x86_64"));
        assertThat(SharedLibraryFile.problem(file(LibraryHeaders.elf(62, 3)), MAC_ARM))
                .hasValueSatisfying(why -> assertThat(why).startsWith("is an ELF file (Linux), but this JVM runs on macosx-arm64"));
    }

    @Test
    void anElfProgramIsNotASharedLibrary() throws IOException {
        assertThat(SharedLibraryFile.problem(file(LibraryHeaders.elf(62, 2)), LINUX_X86))
                .hasValue("is an ELF program, not a shared library");
    }
}
