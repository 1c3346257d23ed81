package io.amchain.node;

import picocli.CommandLine.Command;

@Command(
    name = "platform",
    mixinStandardHelpOptions = true,
    description =
        "Deploy the manufacturing platform's eight contracts to an Ethereum JSON-RPC endpoint, or"
            + " report the state of a deployment.",
    subcommands = {PlatformDeployCommand.class, PlatformStatusCommand.class})
final class PlatformCommand {}
