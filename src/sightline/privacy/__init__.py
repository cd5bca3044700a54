"""Privacy on the way out: faces in camera frames are found and blurred before a frame leaves."""

from sightline.privacy.blur import BlurredImage, blur_faces, thumbnail
from sightline.privacy.egress import FaceBlurringChat, begin_egress_log, egress_log
from sightline.privacy.faces import FaceDetector, HaarFaceDetector, shared_face_detector

__all__ = [
    "BlurredImage",
    "FaceBlurringChat",
    "FaceDetector",
    "HaarFaceDetector",
    "begin_egress_log",
    "blur_faces",
    "egress_log",
    "shared_face_detector",
    "thumbnail",
]
