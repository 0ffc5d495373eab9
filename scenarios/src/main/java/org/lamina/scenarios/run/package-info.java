/** What a run leaves behind: its folder, trace and summaries. */
package org.lamina.scenarios.run;
