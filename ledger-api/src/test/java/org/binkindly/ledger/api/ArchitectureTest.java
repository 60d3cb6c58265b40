package org.binkindly.ledger.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** ARCHITECTURE.md's module rules, enforced: dependencies point inward, and the domain stays free of frameworks. */
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
}
