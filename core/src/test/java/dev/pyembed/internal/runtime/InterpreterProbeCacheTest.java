package dev.pyembed.internal.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM asks an interpreter file once; a changed file is asked again. */
@DisabledOnOs(OS.WINDOWS)
class InterpreterProbeCacheTest {

    @Test
    void oneChildProcessPerInterpreterFileUntilTheFileChanges(@TempDir Path dir) throws Exception {
        Path interpreter = dir.resolve("python3");
        Files.writeString(interpreter, script("3.12.1"));
        interpreter.toFile().setExecutable(true);
        InterpreterProbe probe = new InterpreterProbe(HostEnvironment.current());
        int before = InterpreterProbe.childProcesses();

        assertThat(probe.probe(interpreter).version()).hasToString("3.12.1");
        assertThat(new InterpreterProbe(HostEnvironment.current()).probe(interpreter).version()).hasToString("3.12.1");
        assertThat(InterpreterProbe.childProcesses() - before).as("asked once").isEqualTo(1);

        Files.writeString(interpreter, script("3.12.10"));
        Files.setLastModifiedTime(interpreter, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(probe.probe(interpreter).version()).as("a replaced interpreter is asked again").hasToString("3.12.10");
        assertThat(InterpreterProbe.childProcesses() - before).isEqualTo(2);
    }

    private static String script(String version) {
        return "#!/bin/sh\necho pyembed.version=" + version + "\necho pyembed.prefix=/opt/fake\n"
                + "echo pyembed.executable=/opt/fake/bin/python3\n";
    }
}
