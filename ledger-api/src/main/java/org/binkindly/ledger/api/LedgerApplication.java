package org.binkindly.ledger.api;

import org.binkindly.ledger.api.cli.LedgerCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The incident ledger: HTTP in front of the Axon command side, the event store and the projections.
 * Only this module is component scanned: the domain, projections and adapters are plain classes
 * wired in {@code api.config} (aggregates in {@code AggregateConfiguration}), and reading the
 * domain's classes made Spring warn about Axon's annotations at every start.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LedgerApplication {

    public static void main(String[] args) {
        if (LedgerCommandLine.handles(args)) {
            // a command (or --help, --version): run it without the application and exit; no command starts the ledger
            System.exit(LedgerCommandLine.run(args, System.out, System.err));
        }
        // Axon prints an advertisement for its hosted console at every start; operators need quiet logs.
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(LedgerApplication.class, args);
    }
}
