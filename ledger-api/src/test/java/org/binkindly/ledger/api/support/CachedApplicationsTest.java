package org.binkindly.ledger.api.support;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * Spring keeps every test application it starts in its context cache until the test JVM ends. The HTTP tests share one
 * ({@link LedgerHttpTest}); a class with settings of its own gets an application of its own, and left in the cache it
 * runs idle for the rest of the JVM's life (its sealer, processors and embedded PostgreSQL took about 7.5% of a core
 * each, from the classes after it, on a two-core machine). Such a class closes it when it ends.
 */
class CachedApplicationsTest {

    @Test
    void aTestClassWithSettingsOfItsOwnClosesItsApplicationWhenItEnds() {
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("org.binkindly.ledger.api");
        Set<String> withTestConfiguration = tests.stream()
                .filter(test -> test.isAnnotatedWith(TestConfiguration.class))
                .flatMap(configuration -> configuration.getEnclosingClass().stream())
                .map(JavaClass::getName)
                .collect(Collectors.toSet());
        DescribedPredicate<JavaClass> settingsOfTheirOwn = new DescribedPredicate<>("start an application with settings of "
                + "their own (@SpringBootTest, @TestPropertySource, @ActiveProfiles, @DynamicPropertySource, a nested @TestConfiguration)") {
            @Override
            public boolean test(JavaClass test) {
                return !test.getModifiers().contains(JavaModifier.ABSTRACT)
                        && (test.isAnnotatedWith(SpringBootTest.class) || test.isAnnotatedWith(TestPropertySource.class)
                        || test.isAnnotatedWith(ActiveProfiles.class) || withTestConfiguration.contains(test.getName())
                        || test.getMethods().stream().anyMatch(method -> method.isAnnotatedWith(DynamicPropertySource.class)));
            }
        };
        classes().that(settingsOfTheirOwn).should().beAnnotatedWith(DirtiesContext.class)
                .because("an application left in Spring's context cache runs idle until the test JVM ends")
                .check(tests);
    }
}
