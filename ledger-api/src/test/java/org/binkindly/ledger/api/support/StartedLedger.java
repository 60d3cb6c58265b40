package org.binkindly.ledger.api.support;

import org.binkindly.ledger.api.LedgerApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayConnectionDetails;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A ledger of its own (database, object store, signing key) for a test that must change what
 * nobody else may see changed, such as tampering with the event table. It uses the test tokens,
 * and closes with the test.
 */
public final class StartedLedger implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private SingleConnectionDataSource ownerConnection;

    private StartedLedger(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
    }

    public static StartedLedger start(Path dataDir, String... settings) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=0",
                "--ledger.data-dir=" + dataDir, "--logging.level.root=WARN"));
        args.addAll(List.of(settings));
        return new StartedLedger(new SpringApplicationBuilder(LedgerApplication.class).run(args.toArray(String[]::new)), dataDir);
    }

    public LedgerClient client() {
        return new LedgerClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    public JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    /** The owner of the tables (as Flyway logs in): what an attacker with the owner's password could do. */
    public synchronized JdbcTemplate ownerJdbc() {
        if (ownerConnection == null) {
            FlywayConnectionDetails owner = context.getBean(FlywayConnectionDetails.class);
            ownerConnection = new SingleConnectionDataSource(owner.getJdbcUrl(), owner.getUsername(), owner.getPassword(), true);
        }
        return new JdbcTemplate(ownerConnection);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (ownerConnection != null) {
            ownerConnection.destroy();
        }
        context.close();
    }
}
