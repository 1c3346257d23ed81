package io.amchain.consensus.clique;

/** One Clique header rule. A rule checks one thing and throws the matching {@link CliqueError}. */
@FunctionalInterface
interface HeaderRule {
  void check(HeaderContext context);
}
