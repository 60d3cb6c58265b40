package org.binkindly.ledger.core.rebind;

/** Every fact recorded about a manifest rebind. */
public sealed interface RebindEvent permits RebindStarted, ManifestProbed, ActiveManifestRebound, IntegrityConfirmed,
        ResolutionProbed, OverlayDisabled, RebindFailed, RebindCompleted, ObjectiveBreached,
        ActiveManifestRestored, ActiveManifestRestoreFailed {

    RebindId rebindId();
}
