<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../screens/attract.py" line="65" />
        <source>Self-service dossier reception</source>
        <translation>Tiếp nhận hồ sơ tự động</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="68" />
        <source>Touch Start or place your chip ID card on the reader to begin.</source>
        <translation>Chạm nút Bắt đầu hoặc đặt thẻ căn cước gắn chip lên đầu đọc để bắt đầu.</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="70" />
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../main_window.py" line="97" />
        <source>Cancel and erase everything you entered?</source>
        <translation>Huỷ và xoá mọi thông tin bạn đã nhập?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="98" />
        <source>Yes, cancel</source>
        <translation>Có, huỷ</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="99" />
        <source>No, continue</source>
        <translation>Không, tiếp tục</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="135" />
        <source>Are you still there? In %n second(s) this session ends and what you entered is erased.</source>
        <translation>
            <numerusform>Bạn vẫn đang sử dụng? Sau %n giây phiên làm việc sẽ kết thúc và thông tin bạn đã nhập sẽ bị xoá.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../main_window.py" line="146" />
        <source>I need more time</source>
        <translation>Tôi cần thêm thời gian</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="147" />
        <source>End now</source>
        <translation>Kết thúc ngay</translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <location filename="../screens/overview.py" line="37" />
        <source>How it works</source>
        <translation>Các bước thực hiện</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="39" />
        <source>1. Place your chip ID card on the reader.</source>
        <translation>1. Đặt thẻ căn cước gắn chip lên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="40" />
        <source>2. Choose the procedure and answer a few questions.</source>
        <translation>2. Chọn thủ tục và trả lời một vài câu hỏi.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="41" />
        <source>3. Put each paper under the camera when asked.</source>
        <translation>3. Đặt từng giấy tờ dưới camera khi được yêu cầu.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="42" />
        <source>4. Check, agree, and take your receipt with the dossier code.</source>
        <translation>4. Kiểm tra, đồng ý và nhận giấy tiếp nhận có mã hồ sơ.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="47" />
        <source>Have your ID card and the papers for your procedure ready. About 10 minutes.</source>
        <translation>Hãy chuẩn bị thẻ căn cước và giấy tờ của thủ tục. Khoảng 10 phút.</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="49" />
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="50" />
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
</TS>