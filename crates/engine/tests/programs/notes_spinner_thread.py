import itertools
import time
from threading import Thread, Event

def spin(msg: str, done: Event) -> None:
    # 循环展示指针字符
    for char in itertools.cycle(r'\|/-'):  
        status = f'\r{char} {msg}'
        print(status, end='', flush=True)
        # 线程阻塞，帧数为10fps
        if done.wait(.1):
            break  
    blanks = ' ' * len(status)
    # 将光标移动到开头，清空状态行
    print(f'\r{blanks}\r', end='')  

def slow() -> int:
    # 停止3秒
    time.sleep(3)
    return 42
def supervisor() -> int:
    done = Event()
    spinner = Thread(target=spin, args=('thinking!', done))
    print(f'spinner object: {spinner}')
    # 启动线程
    spinner.start()
    # 调用slow，阻塞main线程
    result = slow()
    # 终止spin函数的for循环
    done.set()
    # 等待，直到spinner线程结束
    spinner.join()
    return result
def main() -> None:
    result = supervisor()
    print(f"Answer: {result}")

if __name__ == "__main__":
    main()
