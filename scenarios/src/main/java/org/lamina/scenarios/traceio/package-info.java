/** Reading traces for people and other tools: summaries, CSV and NumPy exports. */
package org.lamina.scenarios.traceio;
