//! Where a media upload is: the one progress type every adapter's upload reports.

/// Where an upload is, as reported to an upload's progress callback (X's chunked upload,
/// LinkedIn's Images, Videos and Documents uploads).
///
/// ```
/// use social_core::UploadProgress;
///
/// let seen = [
///     UploadProgress::Sending { sent: 4, total: 8 },
///     UploadProgress::Sending { sent: 8, total: 8 },
///     UploadProgress::Processing { percent: None },
///     UploadProgress::Done,
/// ];
/// assert_eq!(seen.last(), Some(&UploadProgress::Done));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UploadProgress {
    /// `sent` of `total` bytes sent.
    Sending {
        /// Bytes sent.
        sent: u64,
        /// Bytes in all.
        total: u64,
    },
    /// The network is processing the file (`percent` when it says).
    Processing {
        /// Progress, when given.
        percent: Option<u32>,
    },
    /// Ready to attach.
    Done,
}
