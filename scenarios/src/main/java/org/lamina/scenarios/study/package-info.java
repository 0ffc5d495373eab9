/** Studies run from the command line: parameter sweeps of the dynamics with tables and plots. */
package org.lamina.scenarios.study;
