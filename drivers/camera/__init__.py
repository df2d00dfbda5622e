"""The document camera: a small port, an OpenCV adapter, a simulator, and the capture pipeline.

    port.py        -- ``Camera`` protocol, ``Frame``, ``CameraSettings``
    opencv.py      -- ``OpenCvCamera`` over ``cv2.VideoCapture`` (V4L2 devices, files)
    simulator.py   -- ``SimulatedCamera``: scripted scenes of a page on a desk
    scene.py       -- page poses, looks and scenes the simulator plays
    render.py      -- drawing of the desk, the page and the photographic defects
    detect.py      -- find the paper quadrilateral in a frame
    rectify.py     -- warp the page to A4 at a chosen resolution
    quality.py     -- sharpness, exposure and glare of a rectified page
    pipeline.py    -- ``CaptureTracker`` and ``assess_still``: verdicts and auto-capture
    exposure.py    -- ``ExposureLoop``: the camera's exposure follows the paper
    qr.py          -- the card's QR in a frame or a picture file

Nothing outside this package sees an OpenCV type or error: failures become
:mod:`kiosk.errors` device errors with words a technician can act on.
"""
