package dev.pyembed.sample;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import java.util.Locale;

/** Says where the service listens (with {@code server.port=0}, the port it got) and which Python runs it. */
@Component
class StartupLog implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupLog.class);

    private final PythonEngine python;

    StartupLog(PythonEngine python) {
        this.python = python;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a separate management server, if one is configured
        }
        log.info("pyembed sample app listening on http://localhost:{} ({})", event.getWebServer().getPort(),
                python.state() == EngineState.RUNNING ? "CPython " + python.runtime().version() + ", "
                        + python.runtime().source().name().toLowerCase(Locale.ROOT) : "Python starts on first use");
    }
}
