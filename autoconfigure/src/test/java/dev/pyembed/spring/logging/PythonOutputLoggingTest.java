package dev.pyembed.spring.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import dev.pyembed.spring.autoconfigure.PythonAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Python's print() goes to SLF4J: stdout at INFO, stderr at WARN, to configurable loggers. */
class PythonOutputLoggingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
            .withPropertyValues(TestRuntime.property(), "pyembed.scripts=classpath:scripts/print.py");

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void detach() {
        cleanup.forEach(Runnable::run);
    }

    @Test
    void stdoutLinesAreInfoOfPythonStdoutAndStderrLinesWarnOfPythonStderr() {
        ListAppender<ILoggingEvent> events = capture("python.stdout", "python.stderr");
        runner.run(context -> {
            assertThat(context).hasSingleBean(Slf4jPythonOutput.class);
            context.getBean(PythonEngine.class).runWithGil(gil -> gil.exec("print('one'); print('two', 'three')"));
        });
        assertThat(events.list).extracting(ILoggingEvent::getLoggerName, ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        tuple("python.stdout", Level.INFO, "hello from python"),
                        tuple("python.stderr", Level.WARN, "trouble ahead"),
                        tuple("python.stdout", Level.INFO, "one"),
                        tuple("python.stdout", Level.INFO, "two three"));
    }

    @Test
    void loggerNamesAreConfigurable() {
        ListAppender<ILoggingEvent> events = capture("app.python.out", "app.python.err");
        runner.withPropertyValues("pyembed.output.stdout-logger=app.python.out", "pyembed.output.stderr-logger=app.python.err")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(events.list).extracting(ILoggingEvent::getLoggerName, ILoggingEvent::getFormattedMessage)
                .containsExactly(tuple("app.python.out", "hello from python"), tuple("app.python.err", "trouble ahead"));
    }

    private ListAppender<ILoggingEvent> capture(String... loggerNames) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        for (String name : loggerNames) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.addAppender(appender);
            cleanup.add(() -> logger.detachAppender(appender));
        }
        return appender;
    }
}
