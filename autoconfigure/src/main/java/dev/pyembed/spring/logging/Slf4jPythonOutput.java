package dev.pyembed.spring.logging;

import dev.pyembed.PythonOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Python's {@code sys.stdout} and {@code sys.stderr} to SLF4J: each stdout line is an INFO event of one logger
 * (default {@code python.stdout}), each stderr line a WARN event of another (default {@code python.stderr}).
 * The engine calls it with the GIL held by the writing thread; logging is the only work done here.
 */
public class Slf4jPythonOutput implements PythonOutput {

    private final Logger stdout;
    private final Logger stderr;

    public Slf4jPythonOutput(String stdoutLogger, String stderrLogger) {
        this.stdout = LoggerFactory.getLogger(Objects.requireNonNull(stdoutLogger, "stdoutLogger"));
        this.stderr = LoggerFactory.getLogger(Objects.requireNonNull(stderrLogger, "stderrLogger"));
    }

    @Override
    public void line(Stream stream, String line) {
        if (stream == Stream.STDERR) {
            stderr.warn("{}", line);
        } else {
            stdout.info("{}", line);
        }
    }
}
