package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class PythonLoggingTest {

    @Test
    void pythonLoggingRecordsReachTheJavaSink() {
        List<String> records = new CopyOnWriteArrayList<>();
        PythonLogSink sink = (logger, level, message, exception) ->
                records.add(logger + "|" + level + "|" + message + "|" + (exception == null ? "" : exception.lines().findFirst().orElse("")));
        try (PythonEngine engine = TestEngines.builder().logging(sink, PythonLogSink.INFO).start()) {
            engine.runWithGil(gil -> gil.exec("""
                    import logging
                    log = logging.getLogger('model.scoring')
                    log.debug('not shown')
                    log.info('scored %d rows', 3)
                    try:
                        1 / 0
                    except ZeroDivisionError:
                        log.exception('failed')
                    """));
        }
        assertThat(records).containsExactly("model.scoring|20|scored 3 rows|",
                "model.scoring|40|failed|Traceback (most recent call last):");
    }
}
