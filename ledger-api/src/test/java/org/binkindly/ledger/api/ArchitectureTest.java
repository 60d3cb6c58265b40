package org.binkindly.ledger.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
                        "org.springframework..", "jakarta.persistence..", "jakarta.servlet..", "software.amazon..",
                        "org.binkindly.ledger.api..", "org.binkindly.ledger.projections..", "org.binkindly.ledger.adapters..")
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
        classes().that().areAnnotatedWith(Aggregate.class)
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
}
