package org.binkindly.ledger.api.config;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.modelling.command.AggregateRoot;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The aggregates are registered by name (they are package-private): a new one must not be forgotten. */
class AggregateConfigurationTest {

    @Test
    void everyAggregateOfTheDomainIsRegistered() {
        var declared = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.binkindly.ledger.core")
                .stream()
                .filter(type -> type.isAnnotatedWith(AggregateRoot.class))
                .map(JavaClass::getName)
                .collect(Collectors.toSet());

        assertThat(declared).isNotEmpty();
        assertThat(AggregateConfiguration.AGGREGATES).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(declared).containsAll(AggregateConfiguration.ALERT_PATH);
    }
}
