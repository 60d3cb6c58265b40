package org.binkindly.ledger.projections.launch;

import org.binkindly.ledger.core.launch.LaunchId;

/** The launch-day validation of one app build for one scope. */
public record FindLaunch(LaunchId launchId) {
}
