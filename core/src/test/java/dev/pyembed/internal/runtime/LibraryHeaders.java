package dev.pyembed.internal.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The first bytes of shared libraries, for fake libpython files that must pass {@link SharedLibraryFile}. */
final class LibraryHeaders {

    private LibraryHeaders() {
    }

    /** A header that this platform's loader would take for one of its shared libraries. */
    static byte[] forPlatform(Platform platform) {
        if (platform.isWindows()) {
            return new byte[] {'M', 'Z', (byte) 0x90, 0};
        }
        if (platform.isMac()) {
            return machO(platform.arch().equals("arm64") ? 0x0100000c : 0x01000007);
        }
        return elf(platform.arch().equals("arm64") ? 183 : 62, 3);
    }

    static Path writeFake(Path library) throws IOException {
        Files.createDirectories(library.getParent());
        return Files.write(library, forPlatform(Platform.current()));
    }

    /** 64-bit little-endian ELF of that machine ({@code e_machine}) and type (3: shared library, 2: program). */
    static byte[] elf(int machine, int type) {
        ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        header.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        header.position(16);
        header.putShort((short) type);
        header.putShort((short) machine);
        header.putInt(1);
        return header.array();
    }

    /** A thin 64-bit little-endian Mach-O dylib of that CPU type. */
    static byte[] machO(int cpuType) {
        ByteBuffer header = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xfeedfacf);
        header.putInt(cpuType);
        header.putInt(0);
        header.putInt(6); // MH_DYLIB
        return header.array();
    }
}
