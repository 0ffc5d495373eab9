/** Codecs between the engine's in-process records and the proto schemas (trace and messages). */
package org.lamina.sim.codec;
