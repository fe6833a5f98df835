//! Phone cameras take photos of 3-8 MB, 12 million pixels or more; a receipt or a progress photo
//! is read as well at 2048 pixels on its long side, a tenth of the bytes. Photos are shrunk on
//! the server, so every phone and every form gets the same: no script, no setting to find.

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;

/// The long side of a shrunk photo, in pixels.
pub const LONG_SIDE: u32 = 2048;
/// Photos up to this size are kept exactly as they came (nothing to gain).
pub const KEEP_UNDER: usize = 1024 * 1024;
/// The most pixels a photo may have to be shrunk: a 50-megapixel camera's full picture.
pub const MAX_PIXELS: u64 = 50_000_000;
/// JPEG quality of a shrunk photo: text on a receipt stays sharp.
const QUALITY: u8 = 85;

/// The photo as a JPEG of at most `LONG_SIDE` pixels, turned upright as the phone held it; None
/// when it is small enough already or cannot be read as a picture (the size and type checks then
/// decide about the bytes as they are).
pub fn photo(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() <= KEEP_UNDER {
        return None;
    }
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    // A file that claims to be 100,000 pixels square is refused before memory is spent on it.
    let mut limits = Limits::default();
    limits.max_image_width = Some(16_000);
    limits.max_image_height = Some(16_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    // The header says how many pixels the picture holds; more than any phone photo is not
    // decoded at all (the file is then judged as it came, by its size and type).
    let (w, h) = decoder.dimensions();
    if !worth_decoding(w, h) {
        return None;
    }
    // Phones store "rotate when shown" apart from the pixels; the re-encoded file has no such
    // note, so the rotation is applied to the pixels.
    let orientation = decoder.orientation().ok()?;
    let mut img = DynamicImage::from_decoder(decoder).ok()?;
    img.apply_orientation(orientation);
    if img.width().max(img.height()) > LONG_SIDE {
        img = img.resize(LONG_SIDE, LONG_SIDE, FilterType::Triangle);
    }
    let mut out = Vec::new();
    img.to_rgb8().write_with_encoder(JpegEncoder::new_with_quality(&mut out, QUALITY)).ok()?;
    // A small, already well-compressed picture could come out larger: keep the original then.
    (out.len() < bytes.len()).then_some(out)
}

/// Whether a picture of `w` x `h` pixels is decoded to be shrunk: no more than a camera takes.
fn worth_decoding(w: u32, h: u32) -> bool {
    u64::from(w) * u64::from(h) <= MAX_PIXELS
}

/// The file name of a shrunk photo: the same name, ending in .jpg.
pub fn jpeg_name(filename: &str) -> String {
    let stem = match filename.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => filename,
    };
    format!("{stem}.jpg")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noisy_png(w: u32, h: u32) -> Vec<u8> {
        // Noise does not compress, so a modest picture is a large file, as a phone photo is.
        let mut seed = 7u32;
        let img = image::RgbImage::from_fn(w, h, |_, _| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let b = seed.to_le_bytes();
            image::Rgb([b[1], b[2], b[3]])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).expect("png");
        out
    }

    /// The picture's size in pixels as its header states it, without decoding it.
    fn stated_size(bytes: &[u8]) -> Option<(u32, u32)> {
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?.into_dimensions().ok()
    }

    /// A PNG whose header claims `w` x `h` pixels, padded past `KEEP_UNDER` with a text chunk;
    /// its pixel data is never reached.
    fn claimed_png(w: u32, h: u32) -> Vec<u8> {
        fn crc(bytes: &[u8]) -> u32 {
            let mut c = 0xFFFF_FFFFu32;
            for b in bytes {
                c ^= u32::from(*b);
                for _ in 0..8 {
                    c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                }
            }
            !c
        }
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut out = (data.len() as u32).to_be_bytes().to_vec();
            let body = [kind, data].concat();
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc(&body).to_be_bytes());
            out
        };
        let ihdr = [w.to_be_bytes().as_slice(), h.to_be_bytes().as_slice(), &[8, 2, 0, 0, 0]].concat();
        let text = [b"Comment\0".as_slice(), &vec![b'x'; KEEP_UNDER + 10]].concat();
        [
            b"\x89PNG\r\n\x1a\n".as_slice(),
            &chunk(b"IHDR", &ihdr),
            &chunk(b"tEXt", &text),
            &chunk(b"IDAT", &[]),
            &chunk(b"IEND", &[]),
        ]
        .concat()
    }

    #[test]
    fn a_picture_of_more_pixels_than_a_camera_takes_is_never_decoded() {
        // 12,000 x 12,000: 144 million pixels, 432 MB once decoded; the header says so.
        let (w, h) = stated_size(&claimed_png(12_000, 12_000)).expect("header");
        assert_eq!((w, h), (12_000, 12_000));
        assert!(!worth_decoding(w, h));
        assert_eq!(photo(&claimed_png(12_000, 12_000)), None);
        // A 48-megapixel phone photo is still shrunk.
        assert!(worth_decoding(8_000, 6_000));
    }

    #[test]
    fn a_large_photo_becomes_a_jpeg_of_at_most_the_long_side() {
        let big = noisy_png(3000, 1000);
        assert!(big.len() > KEEP_UNDER);
        let small = photo(&big).expect("shrunk");
        assert!(small.len() < big.len());
        let img = image::load_from_memory(&small).expect("readable");
        assert_eq!((img.width(), img.height()), (LONG_SIDE, 683));
        assert_eq!(image::guess_format(&small).expect("format"), image::ImageFormat::Jpeg);
    }

    #[test]
    fn small_or_unreadable_files_are_left_alone() {
        assert_eq!(photo(&noisy_png(40, 40)), None);
        assert_eq!(photo(&vec![0x25; KEEP_UNDER + 1]), None);
    }

    #[test]
    fn a_shrunk_photo_is_named_jpg() {
        assert_eq!(jpeg_name("IMG_2041.HEIC.png"), "IMG_2041.HEIC.jpg");
        assert_eq!(jpeg_name("kwitansi"), "kwitansi.jpg");
        assert_eq!(jpeg_name(".png"), ".png.jpg");
    }
}
