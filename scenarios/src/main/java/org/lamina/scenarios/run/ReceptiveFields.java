package org.lamina.scenarios.run;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the incoming weights of (up to) the first {@code maxUnits} units as image tiles in a
 * grid: each row of W (one unit) reshaped to {@code width × height}, coloured blue (negative) –
 * white (0) – red (positive), each tile scaled by its own largest |w| so every unit's structure
 * shows.
 */
public final class ReceptiveFields {
    private static final int GAP = 2;

    private ReceptiveFields() {
    }

    public static void write(float[] w, int rows, int cols, int width, int height, int maxUnits, Path png) throws IOException {
        if (width * height != cols) {
            throw new IllegalArgumentException("tiles of " + width + " x " + height + " need " + width * height
                    + " inputs per unit, the weights have " + cols);
        }
        int units = Math.min(rows, maxUnits);
        int scale = Math.max(2, 64 / Math.max(width, height)); // small images get bigger pixels
        int perRow = (int) Math.ceil(Math.sqrt(units));
        int gridRows = (units + perRow - 1) / perRow;
        int tileW = width * scale + GAP;
        int tileH = height * scale + GAP;
        BufferedImage img = new BufferedImage(perRow * tileW + GAP, gridRows * tileH + GAP, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, 0x404040);
            }
        }
        for (int u = 0; u < units; u++) {
            float max = 0f;
            for (int i = 0; i < cols; i++) {
                max = Math.max(max, Math.abs(w[u * cols + i]));
            }
            int ox = GAP + (u % perRow) * tileW;
            int oy = GAP + (u / perRow) * tileH;
            for (int py = 0; py < height; py++) {
                for (int px = 0; px < width; px++) {
                    float v = max > 0 ? w[u * cols + py * width + px] / max : 0f;
                    int rgb = colour(v);
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            img.setRGB(ox + px * scale + dx, oy + py * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        ImageIO.write(img, "png", png.toFile());
    }

    /** -1 → blue, 0 → white, +1 → red. */
    static int colour(float v) {
        float a = Math.min(1f, Math.abs(v));
        int fade = Math.round(255 * (1 - a));
        return v >= 0 ? (255 << 16) | (fade << 8) | fade : (fade << 16) | (fade << 8) | 255;
    }
}
