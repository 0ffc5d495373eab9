/** The built-in demo network that {@code lamina run} runs until scenario files take over. */
package org.lamina.scenarios.demo;
