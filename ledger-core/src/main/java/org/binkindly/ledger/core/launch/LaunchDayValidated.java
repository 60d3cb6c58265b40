package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;

/** Every piece of launch-day evidence passed and product, engineering and QA signed off: the scope is validated in production for this build. */
@Revision("1")
public record LaunchDayValidated(LaunchId launchId) implements LaunchEvent {
}
