package org.binkindly.ledger.core.launch;

/** Every fact recorded about the launch of an app build for a scope. */
public sealed interface LaunchEvent permits LaunchValidationStarted, ProductionConfigVerified, FirstPublishValidated,
        LiveAppFetchProbed, BuildChecksumArchived, LaunchSignedOff, LaunchDayValidated, LaunchCompleted {

    LaunchId launchId();
}
