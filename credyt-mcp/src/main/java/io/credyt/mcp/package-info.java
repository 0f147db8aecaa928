/**
 * An MCP server inside the application: billing tools a coding agent calls in plain words
 * ("which customers cost me more than they paid", "refund the last three charges"), on the
 * same ledger the application bills with, behind API keys.
 */
@NullMarked
package io.credyt.mcp;

import org.jspecify.annotations.NullMarked;
