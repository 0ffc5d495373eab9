/** The scenario DSL: HOCON files and the equivalent Java builder, parsed and checked before anything runs. */
package org.lamina.scenarios.dsl;
