"""The console's and the lookup page's words, Vietnamese first, English beside.

Domain words follow the one-stop process: hồ sơ (dossier), thủ tục (procedure),
thụ lý (accepted for processing), yêu cầu bổ sung (additions requested),
từ chối (refused), chờ trả kết quả (result ready).
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "center_name": ("Trung tâm Phục vụ hành chính công", "Public Administration Service Center"),
    "console": ("Bộ phận Một cửa — hồ sơ tiếp nhận qua ki-ốt", "One-stop desk — kiosk dossiers"),
    "skip": ("Bỏ qua, đến nội dung chính", "Skip to the main content"),
    "other_lang": ("English", "Tiếng Việt"),
    "login_title": ("Đăng nhập", "Sign in"),
    "username": ("Tên đăng nhập", "User name"),
    "password": ("Mật khẩu", "Password"),
    "login_button": ("Đăng nhập", "Sign in"),
    "login_wrong": (
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "The user name or the password is wrong.",
    ),
    "login_locked": (
        "Tài khoản tạm khóa 15 phút vì nhập sai mật khẩu nhiều lần. Thử lại sau {until}, "
        "hoặc nhờ quản trị viên đặt lại mật khẩu.",
        "The account is locked for 15 minutes after repeated wrong passwords. Try again after "
        "{until}, or ask an administrator to reset the password.",
    ),
    "login_busy": (
        "Quá nhiều lần đăng nhập từ máy này. Vui lòng thử lại sau ít phút.",
        "Too many sign-in attempts from this computer. Please try again in a few minutes.",
    ),
    "logged_out": ("Bạn đã đăng xuất.", "You have signed out."),
    "session_ended": (
        "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
        "Your session has ended. Please sign in again.",
    ),
    "logout": ("Đăng xuất", "Sign out"),
    "signed_in_as": ("Cán bộ", "Signed in as"),
    "nav_inbox": ("Hồ sơ", "Dossiers"),
    "nav_audit": ("Nhật ký", "Audit log"),
    "inbox_title": ("Hồ sơ đã tiếp nhận", "Received dossiers"),
    "filters": ("Lọc hồ sơ", "Filter dossiers"),
    "f_status": ("Trạng thái", "Status"),
    "f_any": ("Tất cả", "All"),
    "f_procedure": ("Mã thủ tục", "Procedure code"),
    "f_kiosk": ("Ki-ốt", "Kiosk"),
    "f_from": ("Tiếp nhận từ ngày", "Received from"),
    "f_to": ("đến ngày", "to"),
    "f_code": ("Tìm theo mã hồ sơ", "Find by dossier code"),
    "f_apply": ("Lọc", "Filter"),
    "f_clear": ("Bỏ lọc", "Clear"),
    "c_code": ("Mã hồ sơ", "Dossier code"),
    "c_procedure": ("Thủ tục", "Procedure"),
    "c_received": ("Tiếp nhận", "Received"),
    "c_due": ("Hẹn trả", "Due"),
    "c_left": ("Còn lại", "Left"),
    "c_status": ("Trạng thái", "Status"),
    "c_kiosk": ("Ki-ốt", "Kiosk"),
    "days_left": ("{n} ngày làm việc", "{n} working days"),
    "due_today": ("Hạn hôm nay", "Due today"),
    "overdue": ("Quá hạn {n} ngày làm việc", "Overdue by {n} working days"),
    "no_dossiers": ("Không có hồ sơ nào khớp.", "No dossier matches."),
    "page": ("Trang {n}", "Page {n}"),
    "newer": ("← Trang trước", "← Previous page"),
    "older": ("Trang sau →", "Next page →"),
    "dossier_title": ("Hồ sơ {code}", "Dossier {code}"),
    "back_inbox": ("← Về danh sách hồ sơ", "← Back to the dossiers"),
    "summary": ("Tóm tắt", "Summary"),
    "provisional_code": ("Mã tạm của ki-ốt", "Kiosk's provisional code"),
    "applicant": ("Người nộp hồ sơ", "Applicant"),
    "full_name": ("Họ và tên", "Full name"),
    "id_number": ("Số định danh cá nhân", "Personal ID number"),
    "date_of_birth": ("Ngày sinh", "Date of birth"),
    "residence": ("Nơi cư trú", "Place of residence"),
    "identity_check": ("Xác thực căn cước", "Identity check"),
    "answers": ("Thông tin kê khai", "Answers"),
    "papers": ("Giấy tờ đã số hóa", "Digitised papers"),
    "paper_open": ("Mở {title} (PDF, {pages} trang)", "Open {title} (PDF, {pages} pages)"),
    "no_papers": ("Không có giấy tờ kèm theo.", "No papers attached."),
    "fee": ("Phí, lệ phí", "Fees"),
    "appointment": ("Hẹn trả kết quả", "Result appointment"),
    "collect_at": ("Nơi nhận kết quả", "Where to collect"),
    "history": ("Lịch sử xử lý", "History"),
    "h_when": ("Thời điểm", "When"),
    "h_who": ("Người thực hiện", "Who"),
    "h_what": ("Việc", "What"),
    "h_reason": ("Lý do", "Reason"),
    "change_status": ("Chuyển trạng thái", "Change the status"),
    "new_status": ("Trạng thái mới", "New status"),
    "reason": (
        "Lý do (bắt buộc khi yêu cầu bổ sung hoặc từ chối; nêu căn cứ pháp lý)",
        "Reason (required to request additions or refuse; give the legal basis)",
    ),
    "missing": (
        "Giấy tờ công dân cần bổ sung (hiện trên trang tra cứu)",
        "Papers the citizen must add (shown on the lookup page)",
    ),
    "save_status": ("Lưu trạng thái", "Save the status"),
    "status_saved": ("Đã lưu trạng thái mới.", "The new status is saved."),
    "closed": ("Hồ sơ đã kết thúc, không chuyển tiếp được.", "The dossier is closed."),
    "error_title": ("Không thực hiện được", "Could not be done"),
    "not_found": (
        "Không tìm thấy hồ sơ này trong các cơ quan của bạn.",
        "There is no such dossier in your agencies.",
    ),
    "forbidden": (
        "Yêu cầu bị từ chối: biểu mẫu đã hết hạn. Tải lại trang rồi thử lại.",
        "Refused: the form has expired. Reload the page and try again.",
    ),
    "audit_title": ("Nhật ký thao tác", "Audit log"),
    "a_dossier": ("Hồ sơ", "Dossier"),
    "verdict_genuine": (
        "Chip hợp lệ: dữ liệu được ký bởi cơ quan cấp (xác thực thụ động)",
        "Chip genuine: data signed by the issuer (passive authentication)",
    ),
    "verdict_not_verifiable": (
        "Không kiểm chứng được chữ ký của chip (thiếu chứng thư gốc)",
        "The chip's signature could not be checked (no root certificate)",
    ),
    "verdict_failed": (
        "Xác thực chip THẤT BẠI: dữ liệu không khớp chữ ký — kiểm tra bản gốc",
        "Chip check FAILED: data does not match its signature — check the original",
    ),
    "verdict_not_checked": (
        "Không đọc chip (thông tin từ mã QR hoặc nhập tay)",
        "Chip not read (data from the QR code or typed)",
    ),
    "source": ("Nguồn thông tin", "Source"),
    "nav_stats": ("Thống kê", "Statistics"),
    "nav_fleet": ("Ki-ốt", "Kiosks"),
    "stats_title": ("Thống kê tiếp nhận và giải quyết", "Reception and results"),
    "stats_period": ("Khoảng thời gian", "Period"),
    "stats_by": ("Nhóm theo", "Group by"),
    "stats_csv": ("Tải CSV", "Download CSV"),
    "by_day": ("Ngày", "Day"),
    "by_week": ("Tuần", "Week"),
    "by_month": ("Tháng", "Month"),
    "by_procedure": ("Thủ tục", "Procedure"),
    "by_kiosk": ("Ki-ốt", "Kiosk"),
    "k_received": ("Đã tiếp nhận", "Received"),
    "k_on_time": ("Đúng hạn", "On time"),
    "k_additions": ("Yêu cầu bổ sung", "Additions requested"),
    "k_digitised": ("Số hóa khi tiếp nhận", "Digitised on receipt"),
    "k_satisfaction": ("Mức độ hài lòng", "Satisfaction"),
    "part_on-time": ("Trả đúng hạn", "Ready on time"),
    "part_late": ("Trễ hạn", "Late"),
    "part_open": ("Đang trong hạn", "Not yet due"),
    "part_other": ("Không có ngày hẹn", "No appointment date"),
    "chart_title": ("Hồ sơ tiếp nhận: đúng hạn, trễ hạn, đang trong hạn",
                    "Dossiers received: on time, late, not yet due"),
    "total": ("Tổng", "Total"),
    "stats_note": (
        "Đúng hạn: có kết quả không muộn hơn ngày hẹn. Trễ hạn: có kết quả sau ngày hẹn, hoặc "
        "đã quá ngày hẹn mà chưa có kết quả. Mức độ hài lòng: đánh giá ẩn danh tại ki-ốt (1–5).",
        "On time: the result was ready no later than the appointment day. Late: ready after it, "
        "or not ready and past it. Satisfaction: anonymous ratings at the kiosks (1–5).",
    ),
    "fleet_title": ("Các ki-ốt", "Kiosks"),
    "fleet_agency": ("Mã cơ quan tiếp nhận", "Receiving agency code"),
    "fleet_seen": ("Tín hiệu gần nhất", "Last heartbeat"),
    "fleet_queue": ("Hồ sơ chờ gửi", "Queued dossiers"),
    "fleet_held": ("bị giữ lại", "held"),
    "fleet_faults": ("Thiết bị", "Devices"),
    "fleet_ok": ("Bình thường", "All ready"),
    "fleet_version": ("Phiên bản", "Version"),
    "fleet_revoke": ("Thu hồi", "Revoke"),
    "fleet_revoked": ("đã thu hồi", "revoked"),
    "fleet_none": ("Chưa có ki-ốt nào đăng ký.", "No kiosk is enrolled yet."),
    "token_title": ("Cấp mã đăng ký cho ki-ốt mới", "Enrollment token for a new kiosk"),
    "token_button": ("Cấp mã", "Issue the token"),
    "token_made": ("Mã đăng ký dùng một lần cho {kiosk} (hiệu lực 7 ngày):",
                   "One-time enrollment token for {kiosk} (valid 7 days):"),
    "token_once": ("Mã chỉ hiện một lần. Kỹ thuật viên nhập mã này bằng lệnh "
                   "kiosk center enroll --token trên ki-ốt.",
                   "It is shown once. The technician gives it to "
                   "kiosk center enroll --token on the kiosk."),
    "act_token_issued": ("Cấp mã đăng ký ki-ốt", "Issued a kiosk token"),
    "act_kiosk_revoked": ("Thu hồi ki-ốt", "Revoked a kiosk"),
    "help_title": ("Công dân đang cần hỗ trợ tại ki-ốt", "A citizen is asking for staff"),
    "help_line": ("Ki-ốt {kiosk}, từ {since}", "Kiosk {kiosk}, since {since}"),
    "help_screen": ("đang ở bước {screen}", "at step {screen}"),
    "example": ("Ví dụ: {value}", "For example: {value}"),
    "assigned_to": ("Cán bộ xử lý", "Assigned to"),
    "nobody": ("Chưa phân công", "Not assigned"),
    "assign_title": ("Phân công", "Assign"),
    "assign_button": ("Giao hồ sơ", "Assign the dossier"),
    "act_assigned": ("Phân công", "Assigned"),
    "act_opened": ("Mở hồ sơ", "Opened the dossier"),
    "act_paper_opened": ("Mở giấy tờ", "Opened a paper"),
    "act_login": ("Đăng nhập", "Signed in"),
    "act_login_refused": ("Đăng nhập không thành công", "Sign-in refused"),
    "act_logout": ("Đăng xuất", "Signed out"),
    # --- the public lookup -----------------------------------------------------------
    "lookup_title": ("Tra cứu hồ sơ", "Look up a dossier"),
    "lookup_intro": (
        "Nhập mã hồ sơ in trên giấy tiếp nhận và 4 số cuối của số định danh cá nhân.",
        "Enter the dossier code printed on the receipt and the last 4 digits of your ID number.",
    ),
    "lookup_code": ("Mã hồ sơ", "Dossier code"),
    "lookup_last4": ("4 số cuối số định danh cá nhân", "Last 4 digits of the ID number"),
    "lookup_button": ("Tra cứu", "Look up"),
    "lookup_none": (
        "Không tìm thấy hồ sơ. Kiểm tra lại mã hồ sơ và 4 số cuối. Hồ sơ nộp tại ki-ốt khi "
        "mất mạng có thể cần vài giờ mới hiện ở đây.",
        "No dossier found. Check the code and the 4 digits. A dossier submitted while the "
        "kiosk was offline may take a few hours to appear here.",
    ),
    "lookup_busy": (
        "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.",
        "Too many lookups. Please try again in a few minutes.",
    ),
    "lookup_status": ("Tình trạng hồ sơ", "Dossier status"),
    "lookup_received": ("Ngày tiếp nhận", "Received on"),
    "lookup_due": ("Ngày hẹn trả kết quả", "Result expected on"),
    "lookup_updated": ("Cập nhật lúc", "Updated at"),
    "lookup_bring": ("Cần bổ sung", "Please bring"),
    "lookup_bring_note": (
        "Mang các giấy tờ trên đến Bộ phận Một cửa, kèm giấy tiếp nhận.",
        "Bring these papers to the one-stop desk, with your receipt.",
    ),
    "lookup_again": ("Tra cứu hồ sơ khác", "Look up another dossier"),
    "lookup_privacy": (
        "Trang này không hiển thị họ tên, số định danh hay địa chỉ của người nộp.",
        "This page never shows the applicant's name, ID number or address.",
    ),
}


def action(name: str, lang: Lang) -> str:
    """An audit-log action in words (an unknown one as it was recorded)."""
    key = f"act_{name}"
    return text(key, lang) if key in TEXTS else name


def text(key: str, lang: Lang, **values: object) -> str:
    """The words of ``key`` in ``lang``, with ``{name}`` fields filled."""
    vi, en = TEXTS[key]
    words = vi if lang == "vi" else en
    return words.format(**values) if values else words


def pick_lang(query: str | None, cookie: str | None) -> Lang:
    for candidate in (query, cookie):
        if candidate == "en":
            return "en"
        if candidate == "vi":
            return "vi"
    return "vi"
