package org.binkindly.ledger.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The module rules of docs/architecture.md, enforced: dependencies point inward, and the domain stays free of frameworks. */
class ArchitectureTest {

    private static JavaClasses ledger;

    @BeforeAll
    static void importLedger() {
        ledger = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.binkindly.ledger");
    }

    @Test
    void coreSeesNoWebNoJpaNoAwsNoSpringAndNoOtherModule() {
        noClasses().that().resideInAPackage("org.binkindly.ledger.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.axonframework.spring..", "jakarta.persistence..", "jakarta.servlet..",
                        "software.amazon..", "org.binkindly.ledger.api..", "org.binkindly.ledger.projections..",
                        "org.binkindly.ledger.adapters..")
                .check(ledger);
    }

    @Test
    void projectionsDependOnCoreOnly() {
        noClasses().that().resideInAPackage("org.binkindly.ledger.projections..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.binkindly.ledger.api..", "org.binkindly.ledger.adapters..", "org.springframework.web..",
                        "jakarta.servlet..", "software.amazon..")
                .check(ledger);
    }

    @Test
    void adaptersDoNotReachIntoTheApplication() {
        noClasses().that().resideInAPackage("org.binkindly.ledger.adapters..")
                .should().dependOnClassesThat().resideInAnyPackage("org.binkindly.ledger.api..", "org.springframework.web..")
                .allowEmptyShould(true)
                .check(ledger);
    }

    @Test
    void aggregatesArePackagePrivateSoOnlyMessagesLeaveTheDomain() {
        classes().that().areAnnotatedWith(AggregateRoot.class)
                .should().notHaveModifier(JavaModifier.PUBLIC)
                .check(ledger);
    }

    @Test
    void commandsLiveInTheirCapabilitysCommandPackage() {
        classes().that().resideInAPackage("org.binkindly.ledger.core..")
                .and().containAnyFieldsThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "carry @TargetAggregateIdentifier", field -> field.isAnnotatedWith(TargetAggregateIdentifier.class)))
                .should().resideInAPackage("org.binkindly.ledger.core.*.command")
                .check(ledger);
        classes().that().resideInAPackage("org.binkindly.ledger.core.*.command")
                .should().beRecords()
                .check(ledger);
    }

    /** Events stay in the capability's root package: their class name is their stored type in the log. */
    @Test
    void eventsStayWhereTheLogNamesThem() {
        classes().that().areAnnotatedWith(Revision.class)
                .should().resideInAnyPackage("org.binkindly.ledger.core.*")
                .check(ledger);
    }

    @Test
    void policiesThatReactToEventsLiveInTheirCapabilitysPolicyPackage() {
        classes().that().resideInAPackage("org.binkindly.ledger.core..")
                .and().containAnyMethodsThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "handle events", method -> method.isAnnotatedWith(EventHandler.class)))
                .should().resideInAPackage("org.binkindly.ledger.core.*.policy")
                .check(ledger);
    }

    /** The event store's own tables, which only the event-log adapter reads (and Flyway creates). */
    private static final Pattern EVENT_STORE_TABLES = Pattern.compile("domain_event_entry|snapshot_event_entry|token_entry");

    private static final String EVENT_LOG_ADAPTER = "adapters/src/main/java/org/binkindly/ledger/adapters/eventlog/";

    /**
     * Still reading the event table themselves until the sealer and the chain status move onto
     * {@code EventLog} with the audit-chain work (issue 13); nothing may be added to this list.
     */
    /**
     * One owner for event-log SQL: outside the {@code EventLog} adapter and the migrations that
     * create them, no main source names the event store's tables. Read from the sources, because
     * SQL is text that bytecode rules cannot see.
     */
    @Test
    void onlyTheEventLogAdapterNamesTheEventStoreTables() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> naming;
        // Only the modules' main sources are walked: target/ holds data directories that tests in
        // other JVMs create and delete while this runs.
        try (Stream<Path> modules = Files.list(root);
             Stream<Path> files = modules.map(module -> module.resolve("src/main")).filter(Files::isDirectory)
                     .flatMap(ArchitectureTest::walk)) {
            naming = files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .filter(path -> path.matches("[^/]+/src/main/.*") && !path.contains("/db/migration/"))
                    .filter(path -> EVENT_STORE_TABLES.matcher(read(root.resolve(path))).find())
                    .sorted()
                    .toList();
        }
        assertThat(naming).as("the scan reads the sources it guards").anyMatch(path -> path.startsWith(EVENT_LOG_ADAPTER));
        assertThat(naming.stream().filter(path -> !path.startsWith(EVENT_LOG_ADAPTER)))
                .as("main sources that name domain_event_entry, snapshot_event_entry or token_entry; read through EventLog instead")
                .isEmpty();
    }

    private static Stream<Path> walk(Path directory) {
        try {
            return Files.walk(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
