package org.binkindly.ledger.api.support;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.binkindly.ledger.api.LedgerApplication;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ledger nodes on a shared database, started in this JVM, and the checks every failure test makes. */
public final class LedgerNodes {

    /** Tables that are not views: the log, positions, timers, keys, tokens, schema history. */
    private static final List<String> NOT_VIEWS = List.of("domain_event_entry", "snapshot_event_entry", "token_entry",
            "scheduled_tasks", "flyway_schema_history", "api_token", "idempotency_key", "ledger_node",
            // the audit hash chain is sealed once, in order, by its own processor; it is checked, not rebuilt
            "audit_seal", "audit_chain_head", "audit_checkpoint");

    private LedgerNodes() {
    }

    public static ConfigurableApplicationContext start(SharedDatabase database, Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.profiles.active=test",
                "--ledger.data-dir=" + dataDir, "--logging.level.root=WARN"));
        args.addAll(List.of(database.nodeArguments()));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(LedgerApplication.class).run(args.toArray(String[]::new));
    }

    /**
     * The command line of a ledger (or one of its commands) in a JVM of its own, on this test JVM's class path, up to
     * its first argument. Such a JVM lives for one test, so it compiles with C1 alone (C2's compiler threads would
     * spend more CPU than the run they speed up, on a machine whose other cores run the other test JVMs) and
     * collects with the serial collector (a heap of a few hundred MB, no collector threads beside it).
     */
    public static List<String> ledgerCommand(String maxHeap) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LedgerApplication.class.getName()));
    }

    /** {@code start} followed by {@code arguments}. */
    public static List<String> command(List<String> start, String... arguments) {
        List<String> command = new ArrayList<>(start);
        command.addAll(List.of(arguments));
        return command;
    }

    /** A node in a JVM of its own, which a test can kill with SIGKILL ({@link Process#destroyForcibly()}); its output goes to target/. */
    public static Process startInOwnJvm(SharedDatabase database, int port, Path dataDir, String... extra) throws IOException {
        List<String> command = ledgerCommand("512m");
        command.addAll(List.of("--server.port=" + port, "--spring.profiles.active=test", "--logging.level.root=WARN",
                "--ledger.data-dir=" + dataDir));
        command.addAll(List.of(database.nodeArguments()));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/node-" + port + ".log")).start();
    }

    public static LedgerClient client(ConfigurableApplicationContext node) {
        return new LedgerClient(((WebServerApplicationContext) node).getWebServer().getPort());
    }

    /** Events whose metadata carries this request id: what an acknowledged request wrote. */
    public static long eventsCausedBy(JdbcTemplate jdbc, String requestId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where convert_from(meta_data, 'UTF8')::jsonb ->> 'requestId' = ?",
                Long.class, requestId);
    }

    /** Every view table, row by row, as text. */
    public static Map<String, List<String>> views(JdbcTemplate jdbc) {
        Map<String, List<String>> views = new LinkedHashMap<>();
        for (String table : jdbc.queryForList("""
                select table_name from information_schema.tables
                where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name""", String.class)) {
            if (!NOT_VIEWS.contains(table)) {
                views.put(table, jdbc.queryForList("select t::text from " + table + " t order by 1", String.class));
            }
        }
        return views;
    }

    /** Waits until every processor has folded every committed event. */
    public static void awaitViewsCaughtUp(ConfigurableApplicationContext node) {
        ViewFreshness freshness = node.getBean(ViewFreshness.class);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                processors(node).allMatch(processor -> freshness.awaitCaughtUp(processor.getName())));
    }

    /**
     * The views as they are, then rebuilt from the log on this node (every resettable processor
     * reset and replayed), must be identical. The node must be the only one running.
     */
    public static void assertViewsEqualARebuild(ConfigurableApplicationContext node) {
        JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
        awaitViewsCaughtUp(node);
        Map<String, List<String>> live = views(jdbc);
        assertThat(live.values().stream().mapToInt(List::size).sum()).as("views to compare").isPositive();
        List<StreamingEventProcessor> resettable = processors(node).filter(StreamingEventProcessor::supportsReset).toList();
        assertThat(resettable).isNotEmpty();
        for (StreamingEventProcessor processor : resettable) {
            processor.shutDown();
        }
        for (StreamingEventProcessor processor : resettable) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(processor::resetTokens);
            processor.start();
        }
        awaitViewsCaughtUp(node);
        assertThat(views(jdbc)).as("views rebuilt from the log").isEqualTo(live);
    }

    private static Stream<StreamingEventProcessor> processors(ConfigurableApplicationContext node) {
        return node.getBean(EventProcessingConfiguration.class).eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast);
    }
}
