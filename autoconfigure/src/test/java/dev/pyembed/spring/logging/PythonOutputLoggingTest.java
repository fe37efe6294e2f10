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

    @Test
    void pythonLoggingRecordsGoToSlf4jLoggersNamedAfterThePythonLogger() {
        ListAppender<ILoggingEvent> events = capture("model.scoring", "python");
        runner.run(context -> context.getBean(PythonEngine.class).runWithGil(gil -> gil.exec("""
                import logging
                log = logging.getLogger('model.scoring')
                log.debug('below the root level: dropped in Python')
                log.info('scored %d rows', 3)
                log.warning('slow')
                logging.error('from the root logger')
                """)));
        assertThat(events.list).filteredOn(event -> !event.getLoggerName().startsWith("python.")) // print() output
                .extracting(ILoggingEvent::getLoggerName, ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        tuple("model.scoring", Level.INFO, "scored 3 rows"),
                        tuple("model.scoring", Level.WARN, "slow"),
                        tuple("python", Level.ERROR, "from the root logger"));
    }

    @Test
    void theLoggingBridgeCanBeTurnedOffAndItsLevelSet() {
        ListAppender<ILoggingEvent> events = capture("quiet");
        runner.withPropertyValues("pyembed.logging.enabled=false").run(context -> context.getBean(PythonEngine.class)
                .runWithGil(gil -> gil.exec("import logging; logging.getLogger('quiet').warning('to stderr instead')")));
        assertThat(events.list).isEmpty();
        Logger quiet = (Logger) LoggerFactory.getLogger("quiet");
        Level before = quiet.getLevel();
        quiet.setLevel(Level.DEBUG);
        cleanup.add(() -> quiet.setLevel(before));
        runner.withPropertyValues("pyembed.logging.level=DEBUG").run(context -> context.getBean(PythonEngine.class)
                .runWithGil(gil -> gil.exec("import logging; logging.getLogger('quiet').debug('now shown')")));
        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("now shown");
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
