package dev.pyembed.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A risk-scoring web service whose model is Python ({@code src/main/python/riskmodel}), on the pyembed starter.
 *
 * <pre>
 * java -jar pyembed-sample-app.jar                       # the service, on http://localhost:8080
 * </pre>
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RiskApplication {

    public static void main(String[] args) {
        SpringApplication.run(RiskApplication.class, args);
    }
}
