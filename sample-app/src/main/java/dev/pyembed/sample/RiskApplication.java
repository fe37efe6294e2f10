package dev.pyembed.sample;

import dev.pyembed.sample.load.LoadClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;

/**
 * A risk-scoring web service whose model is Python ({@code src/main/python/riskmodel}), on the pyembed starter.
 *
 * <pre>
 * java -jar pyembed-sample-app.jar                       # the service, on http://localhost:8080
 * java -jar pyembed-sample-app.jar load --clients 16     # the load client against it (see LoadClient)
 * </pre>
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RiskApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("load")) {
            System.exit(LoadClient.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(RiskApplication.class, args);
    }
}
